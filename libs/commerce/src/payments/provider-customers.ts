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
}
