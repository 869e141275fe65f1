import { Injectable } from '@nestjs/common';
import { DeclaresEncryptedFields, type EncryptedColumn, type HoldsEncryptedFields } from '#platform';

/** Identity's columns under DATA_ENCRYPTION_KEY, with the context SecondFactors and PersonalKeys encrypt them with. */
@Injectable()
@DeclaresEncryptedFields()
export class IdentityEncryptedFields implements HoldsEncryptedFields {
  readonly encryptedColumns: readonly EncryptedColumn[] = [
    { table: 'identity_totp', column: 'secret', key: 'user_id', context: `'totp:' || user_id` },
    { table: 'identity_personal_keys', column: 'wrapped_key', key: 'user_id', context: `'personal-key:' || user_id` },
  ];
}
