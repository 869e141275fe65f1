import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PLATFORM_SECRETS, type PlatformSecrets } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { PaymentProvider } from './payment-provider.js';
import { SandboxPaymentProvider } from './sandbox.provider.js';

/**
 * The providers this deployment can talk to: the built-in sandbox, and each real provider whose
 * credentials are configured. PAYMENT_PROVIDER names the one new payments are opened with; the others
 * still receive their notifications and answer queries for payments opened with them before a switch.
 */
@Injectable()
export class PaymentProviders {
  private readonly byName = new Map<string, PaymentProvider>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, @Inject(PLATFORM_SECRETS) secrets: PlatformSecrets) {
    const adapters: PaymentProvider[] = [new SandboxPaymentProvider(secrets.sandboxWebhookSecret, config.webhookToleranceSeconds)];
    for (const adapter of adapters) this.byName.set(adapter.name, adapter);
  }

  /** The provider new payments are opened with (PAYMENT_PROVIDER). */
  get active(): PaymentProvider {
    return this.get(this.config.paymentProvider);
  }

  /** A configured provider by name; 404 for any other (a notification for a provider not set up here). */
  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) throw CommerceErrors.paymentProviderNotFound(name);
    return provider;
  }
}
