import { Injectable } from '@nestjs/common';
import { DeclaresEncryptedFields, type EncryptedColumn, FieldCipher, type HoldsEncryptedFields } from '#platform';
import type { PayoutPayee } from '../domain/payout-events.js';

/**
 * Where a payout goes (a creator's account at the provider, their name) is kept encrypted under
 * DATA_ENCRYPTION_KEY on the payout it was approved for, bound to that payout (a value copied to
 * another row does not decrypt); the key rotation re-encrypts it like every encrypted field.
 */
@Injectable()
@DeclaresEncryptedFields()
export class PayoutPayees implements HoldsEncryptedFields {
  readonly encryptedColumns: readonly EncryptedColumn[] = [{ table: 'commerce_payouts', column: 'payee', key: 'payout_id', context: `'payout-payee:' || payout_id` }];

  constructor(private readonly cipher: FieldCipher) {}

  seal(payoutId: string, payee: PayoutPayee | null | undefined): string | null {
    return payee ? this.cipher.encrypt(JSON.stringify(payee), `payout-payee:${payoutId}`) : null;
  }

  open(payoutId: string, stored: string | null): PayoutPayee | null {
    return stored ? (JSON.parse(this.cipher.decrypt(stored, `payout-payee:${payoutId}`)) as PayoutPayee) : null;
  }
}
