import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, asSubject, type CommandContext, Decisions, nameBasedUuid } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { ACCOUNTS } from '../domain/ledger.js';
import type { PayoutPayee } from '../domain/payout-events.js';
import { payoutsDecider } from '../domain/payouts.js';
import type { ProviderName } from '../payments/payment-provider.js';
import { PaymentProviders } from '../payments/payment-providers.js';
import { StripePaymentProvider } from '../payments/stripe.provider.js';

/** Namespace of payout ids derived from (creator, Idempotency-Key). */
const PAYOUT_ID_NAMESPACE = '5f0e3c2a-9a61-4c1e-8b7d-3e4f5a6b7c8d';

/** A creator asks to be paid (at least the minimum, at most what is available). */
export class RequestPayout extends Command<{ payoutId: string }> {
  constructor(
    readonly amountCents: number,
    readonly currency: string,
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestPayout)
export class RequestPayoutHandler implements ICommandHandler<RequestPayout> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RequestPayout): Promise<{ payoutId: string }> {
    const creator = this.abilities.require(command.context.actor, 'requestPayout', 'Earnings');
    this.abilities.require(creator, 'requestPayout', asSubject('Earnings', { creatorId: creator.userId }));
    const payoutId = nameBasedUuid(PAYOUT_ID_NAMESPACE, `${creator.userId}\n${command.idempotencyKey}`);
    // Earnings past the hold, less everything taken back or paid out (the ledger's word), read in the
    // same snapshot as the payouts in flight (the stream): a payout settled in between is counted once,
    // as paid or as in flight, never neither. A request that lost the race to another of this creator's
    // payout moves is decided again on what that left, so ten at once spend what is there and no more.
    await this.decisions.redecideOnConflict(() =>
      this.dataSource.transaction('REPEATABLE READ', async (tx) => {
        const [row]: { matured: string }[] = await tx.query(
          // A payout taken back (a `payout:` credit) is available again at once: it was past the hold when paid.
          `SELECT coalesce(-sum(amount_cents) FILTER (WHERE amount_cents < 0 AND (posted_at <= now() - make_interval(days => $3) OR transaction_id LIKE 'payout:%')), 0)
                  - coalesce(sum(amount_cents) FILTER (WHERE amount_cents > 0), 0) AS matured
             FROM commerce_ledger_lines WHERE account = $1 AND currency = $2`,
          [ACCOUNTS.creatorPayable(creator.userId), command.currency, this.config.earningsHoldDays],
        );
        await this.decisions.execute(payoutsDecider, {
          streamId: `payouts-${creator.userId}`,
          streamType: 'payouts',
          context: command.context,
          manager: tx,
          command: {
            type: 'RequestPayout',
            payoutId,
            creatorId: creator.userId,
            amountCents: command.amountCents,
            currency: command.currency,
            maturedCents: Number(row?.matured ?? 0),
            minimumCents: this.config.payoutMinimumCents,
          },
        });
      }),
    );
    return { payoutId };
  }
}

/** A creator asks for Stripe's hosted onboarding of their connected account (made for them the first time). */
export class StartStripeOnboarding extends Command<{ account: string; url: string; expiresAt: string }> {
  constructor(readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(StartStripeOnboarding)
export class StartStripeOnboardingHandler implements ICommandHandler<StartStripeOnboarding> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly providers: PaymentProviders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ context }: StartStripeOnboarding): Promise<{ account: string; url: string; expiresAt: string }> {
    const creator = this.abilities.require(context.actor, 'requestPayout', 'Earnings');
    this.abilities.require(creator, 'requestPayout', asSubject('Earnings', { creatorId: creator.userId }));
    const stripe = this.providers.get('stripe');
    if (!(stripe instanceof StripePaymentProvider)) throw CommerceErrors.paymentProviderNotFound('stripe');
    const streamId = `payouts-${creator.userId}`;
    const { state } = await this.decisions.load(payoutsDecider, streamId);
    // The account the creator gives Stripe already is the one onboarded (made here or pasted); otherwise one is made for them.
    let account = state.payees.stripe?.account ?? null;
    if (!account) {
      account = await stripe.connectedAccountFor(creator.userId);
      await this.decisions.execute(payoutsDecider, {
        streamId,
        streamType: 'payouts',
        context,
        command: { type: 'SetPayoutAccount', creatorId: creator.userId, provider: 'stripe', payee: { account, name: null }, payoutsEnabled: false },
      });
    }
    const link = await stripe.onboardingLink(account, `${this.config.appUrl}/creator/payouts/stripe/return`, `${this.config.appUrl}/creator/payouts/stripe/refresh`);
    return { account, ...link };
  }
}

export type PayoutDecision = { type: 'approve' } | { type: 'reject'; reason: string };

/** A creator says where a provider is to pay them (Stripe: their connected account; Alipay: their login; WeChat Pay: their openid). */
export class SetPayoutAccount extends Command<void> {
  constructor(
    readonly provider: ProviderName,
    readonly payee: PayoutPayee,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetPayoutAccount)
export class SetPayoutAccountHandler implements ICommandHandler<SetPayoutAccount> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ provider, payee, context }: SetPayoutAccount): Promise<void> {
    const creator = this.abilities.require(context.actor, 'requestPayout', 'Earnings');
    this.abilities.require(creator, 'requestPayout', asSubject('Earnings', { creatorId: creator.userId }));
    await this.decisions.execute(payoutsDecider, {
      streamId: `payouts-${creator.userId}`,
      streamType: 'payouts',
      context,
      command: { type: 'SetPayoutAccount', creatorId: creator.userId, provider, payee },
    });
  }
}

/**
 * Finance approves a payout (the configured provider is to pay it, to the account the creator gave
 * it; it confirms in its answer, a notification or when asked) or rejects it.
 */
export class DecidePayout extends Command<void> {
  constructor(
    readonly payoutId: string,
    readonly decision: PayoutDecision,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DecidePayout)
export class DecidePayoutHandler implements ICommandHandler<DecidePayout> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: DecidePayout): Promise<void> {
    const reviewer = this.abilities.require(command.context.actor, 'decide', 'Payout');
    const [payout]: { creator_id: string }[] = await this.dataSource.query(`SELECT creator_id FROM commerce_payouts WHERE payout_id = $1`, [
      command.payoutId,
    ]);
    if (!payout) throw CommerceErrors.payoutNotFound();
    await this.decisions.redecideOnConflict(() =>
      this.decisions.execute(payoutsDecider, {
        streamId: `payouts-${payout.creator_id}`,
        streamType: 'payouts',
        context: command.context,
        command:
          command.decision.type === 'approve'
            ? { type: 'ApprovePayout', payoutId: command.payoutId, reviewerId: reviewer.userId, provider: this.config.paymentProvider }
            : { type: 'RejectPayout', payoutId: command.payoutId, reviewerId: reviewer.userId, reason: command.decision.reason },
      }),
    );
  }
}
