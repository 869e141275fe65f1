import type { DataSource } from 'typeorm';
import type { ProviderName } from './payment-provider.js';

/**
 * Which of a provider's own ids stands for which of our payments, for providers that name payments
 * themselves (a Stripe PaymentIntent). Written when the payment is opened there, before the buyer
 * can pay it; read to query, refund, and to place a notification that carries only the provider's id.
 */
export class ProviderPaymentRefs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: ProviderName,
  ) {}

  async remember(paymentId: string, providerRef: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO commerce_provider_payments (provider, payment_id, provider_ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [this.provider, paymentId, providerRef],
    );
  }

  async refOf(paymentId: string): Promise<string | null> {
    const [row]: { provider_ref: string }[] = await this.dataSource.query(
      `SELECT provider_ref FROM commerce_provider_payments WHERE provider = $1 AND payment_id = $2`,
      [this.provider, paymentId],
    );
    return row?.provider_ref ?? null;
  }

  async paymentIdOf(providerRef: string): Promise<string | null> {
    const [row]: { payment_id: string }[] = await this.dataSource.query(
      `SELECT payment_id FROM commerce_provider_payments WHERE provider = $1 AND provider_ref = $2`,
      [this.provider, providerRef],
    );
    return row?.payment_id ?? null;
  }
}
