import { Injectable } from '@nestjs/common';
import { DeclaresEncryptedFields, type EncryptedColumn, type HoldsEncryptedFields } from '#platform';

/** Identity's columns under DATA_ENCRYPTION_KEY, with the context SecondFactors, PersonalKeys, PhoneCodes and UsersProjector encrypt them with. */
@Injectable()
@DeclaresEncryptedFields()
export class IdentityEncryptedFields implements HoldsEncryptedFields {
  readonly encryptedColumns: readonly EncryptedColumn[] = [
    { table: 'identity_totp', column: 'secret', key: 'user_id', context: `'totp:' || user_id` },
    { table: 'identity_personal_keys', column: 'wrapped_key', key: 'user_id', context: `'personal-key:' || user_id` },
    { table: 'identity_users', column: 'phone_encrypted', key: 'id', context: `'phone:' || id` },
    { table: 'identity_phone_codes', column: 'phone_encrypted', key: 'user_id', context: `'phone:' || user_id` },
  ];
}
