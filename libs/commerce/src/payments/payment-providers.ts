import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, PLATFORM_SECRETS, type PlatformSecrets } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { PaymentProvider } from './payment-provider.js';
import { AlipayPaymentProvider } from './alipay.provider.js';
import { ProviderCustomers } from './provider-customers.js';
import { ProviderPaymentRefs } from './provider-payment-refs.js';
import { readKey } from './rsa-keys.js';
import { SandboxPaymentProvider } from './sandbox.provider.js';
import { StripePaymentProvider } from './stripe.provider.js';
import { WechatPayPaymentProvider } from './wechatpay.provider.js';
import { WechatTransferBills } from './wechat-transfer-bills.js';

/**
 * The providers this deployment can talk to: the built-in sandbox, and each real provider whose
 * credentials are configured. PAYMENT_PROVIDER names the one new payments are opened with; the others
 * still receive their notifications and answer queries for payments opened with them before a switch.
 */
@Injectable()
export class PaymentProviders {
  private readonly byName = new Map<string, PaymentProvider>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PLATFORM_SECRETS) secrets: PlatformSecrets,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const tolerance = config.webhookToleranceSeconds;
    const adapters: PaymentProvider[] = [new SandboxPaymentProvider(secrets.sandboxWebhookSecret, tolerance)];
    if (config.stripe) {
      adapters.push(
        new StripePaymentProvider(
          { ...config.stripe, toleranceSeconds: tolerance },
          new ProviderPaymentRefs(dataSource, 'stripe'),
          new ProviderCustomers(dataSource, 'stripe'),
        ),
      );
    }
    if (config.alipay) {
      adapters.push(
        new AlipayPaymentProvider(
          {
            ...config.alipay,
            privateKey: readKey('private', config.alipay.privateKey, 'ALIPAY_PRIVATE_KEY'),
            alipayPublicKey: readKey('public', config.alipay.alipayPublicKey, 'ALIPAY_PUBLIC_KEY'),
          },
          new ProviderCustomers(dataSource, 'alipay'),
        ),
      );
    }
    if (config.wechatpay) {
      adapters.push(
        new WechatPayPaymentProvider(
          {
            ...config.wechatpay,
            privateKey: readKey('private', config.wechatpay.privateKey, 'WECHATPAY_PRIVATE_KEY'),
            platformPublicKey: readKey('public', config.wechatpay.platformPublicKey, 'WECHATPAY_PUBLIC_KEY'),
            toleranceSeconds: tolerance,
          },
          new ProviderCustomers(dataSource, 'wechatpay'),
          new WechatTransferBills(dataSource),
        ),
      );
    }
    for (const adapter of adapters) this.byName.set(adapter.name, adapter);
  }

  /** The provider new payments are opened with (PAYMENT_PROVIDER). */
  get active(): PaymentProvider {
    return this.get(this.config.paymentProvider);
  }

  /** Every provider configured here. */
  all(): PaymentProvider[] {
    return [...this.byName.values()];
  }

  /** A configured provider by name; 404 for any other (a notification for a provider not set up here). */
  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) throw CommerceErrors.paymentProviderNotFound(name);
    return provider;
  }
}
