import type { DataSource } from 'typeorm';
import type { ProviderName } from './payment-provider.js';

/** Members as a provider knows them (a Stripe Customer), with the payment method they saved for renewals. */
export class ProviderCustomers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: ProviderName,
  ) {}

  async customerOf(userId: string): Promise<{ customerRef: string; paymentMethodRef: string | null } | null> {
    const [row]: { customer_ref: string; payment_method_ref: string | null }[] = await this.dataSource.query(
      `SELECT customer_ref, payment_method_ref FROM commerce_provider_customers WHERE provider = $1 AND user_id = $2`,
      [this.provider, userId],
    );
    return row ? { customerRef: row.customer_ref, paymentMethodRef: row.payment_method_ref } : null;
  }

  async remember(userId: string, customerRef: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO commerce_provider_customers (provider, user_id, customer_ref) VALUES ($1, $2, $3) ON CONFLICT (provider, user_id) DO NOTHING`,
      [this.provider, userId, customerRef],
    );
  }

  /** The method the customer last paid with, to be charged for renewals. */
  async savePaymentMethod(customerRef: string, paymentMethodRef: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE commerce_provider_customers SET payment_method_ref = $3, updated_at = now() WHERE provider = $1 AND customer_ref = $2`,
      [this.provider, customerRef, paymentMethodRef],
    );
  }

  /**
   * Our number for the member's deduction agreement (Alipay's external_agreement_no, WeChat Pay's
   * out_contract_code; 32 letters and digits): the one kept for them, made on first use.
   */
  async agreementNumberFor(userId: string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO commerce_provider_customers (provider, user_id, customer_ref) VALUES ($1, $2, replace(gen_random_uuid()::text, '-', ''))
       ON CONFLICT (provider, user_id) DO NOTHING`,
      [this.provider, userId],
    );
    return (await this.customerOf(userId))!.customerRef;
  }

  /**
   * The agreement ended (the member or the merchant terminated it): nothing is charged any more, and
   * signing again takes a new number (providers never accept one twice). A late copy of the signing
   * notification names the old number and finds nobody.
   */
  async endAgreement(customerRef: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE commerce_provider_customers SET customer_ref = replace(gen_random_uuid()::text, '-', ''), payment_method_ref = NULL, updated_at = now()
        WHERE provider = $1 AND customer_ref = $2`,
      [this.provider, customerRef],
    );
  }
}
