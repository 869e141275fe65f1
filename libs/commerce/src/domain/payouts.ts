import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { PayoutEvent, PayoutPayee } from './payout-events.js';

export interface Payout {
  payoutId: string;
  amountCents: number;
  currency: string;
  status: 'requested' | 'approved' | 'rejected' | 'paid' | 'failed' | 'reversed';
  /** What the provider took back after paying it (a reversed Stripe transfer). */
  reversedCents: number;
  /** The provider's transfer waited for the creator to confirm it (a WeChat Pay transfer bill): they were told. */
  awaitingConfirmation?: true;
  /** Someone asked the provider to cancel that transfer. */
  cancelRequested?: true;
}

/** One creator's payouts (stream `payouts-<creatorId>`): requests append at the version loaded, so two can never both spend one balance. */
export interface PayoutsState {
  /** Whose payouts these are; known from the first request. */
  creatorId: string | null;
  payouts: Payout[];
  /** Where each provider is to pay this creator. */
  payees: Record<string, PayoutPayee>;
  /** Whether each provider said it can pay out to that account (absent: it has not said). */
  payoutsEnabled: Record<string, boolean>;
}

/** The built-in sandbox pays nobody real: it needs no account. */
const NEEDS_NO_PAYEE = 'sandbox';

/** WeChat Pay's merchant transfers of 2,000 yuan or more must name the payee (收款用户姓名), which it checks against the openid's real name. */
export const WECHATPAY_NAME_REQUIRED_FROM_FEN = 200_000;

export type PayoutsCommand =
  | {
      type: 'RequestPayout';
      payoutId: string;
      creatorId: string;
      amountCents: number;
      currency: string;
      /** Facts the handler read from the ledger: earnings past the hold, less refunds and payouts paid; and the operator's minimum. */
      maturedCents: number;
      minimumCents: number;
    }
  /** `payoutsEnabled`: what the provider says of the account as it is made (a new Stripe account pays out only once onboarded). */
  | { type: 'SetPayoutAccount'; creatorId: string; provider: string; payee: PayoutPayee; payoutsEnabled?: boolean }
  /** `provider`: the one configured, which is to pay it. */
  | { type: 'ApprovePayout'; payoutId: string; reviewerId: string; provider: string }
  | { type: 'RejectPayout'; payoutId: string; reviewerId: string; reason: string }
  | { type: 'RecordPayout'; payoutId: string; outcome: 'paid' | 'failed'; providerEventId: string; reason: string | null }
  /** The provider took back `reversedCents` in all of a payout it made (Stripe's `amount_reversed`: the total, so a repeat adds nothing). */
  | { type: 'RecordPayoutReversal'; payoutId: string; reversedCents: number; providerEventId: string; reason: string }
  /** The provider's transfer waits for its payee to confirm receipt (WeChat Pay's WAIT_USER_CONFIRM), however often that is heard. */
  | { type: 'RecordPayoutAwaitingConfirmation'; payoutId: string; provider: string }
  /** The creator (their own payout) or finance asks for the waiting transfer to be cancelled. */
  | { type: 'CancelPayout'; payoutId: string; requestedBy: string }
  /** The provider said whether it pays out to this account now (Stripe's account.updated). */
  | { type: 'RecordPayoutAccountStatus'; creatorId: string; provider: string; account: string; payoutsEnabled: boolean };

const inProgress = (state: PayoutsState, currency: string) =>
  state.payouts
    .filter((payout) => payout.currency === currency && (payout.status === 'requested' || payout.status === 'approved'))
    .reduce((sum, payout) => sum + payout.amountCents, 0);

const updated = (state: PayoutsState, payoutId: string, change: Partial<Payout>): PayoutsState => ({
  ...state,
  payouts: state.payouts.map((payout) => (payout.payoutId === payoutId ? { ...payout, ...change } : payout)),
});

const withStatus = (state: PayoutsState, payoutId: string, status: Payout['status']): PayoutsState => ({
  ...state,
  payouts: state.payouts.map((payout) => (payout.payoutId === payoutId ? { ...payout, status } : payout)),
});

export const payoutsDecider: Decider<PayoutsState, PayoutsCommand, PayoutEvent> = {
  initialState: () => ({ creatorId: null, payouts: [], payees: {}, payoutsEnabled: {} }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.payout-account-set': {
        const { provider, payee } = event.data;
        // Another account: what the provider said of the old one says nothing of it.
        const payoutsEnabled = { ...state.payoutsEnabled };
        if (state.payees[provider]?.account !== payee.account) delete payoutsEnabled[provider];
        return { ...state, creatorId: event.data.creatorId, payees: { ...state.payees, [provider]: payee }, payoutsEnabled };
      }
      case 'commerce.payout-account-status-changed':
        return { ...state, payoutsEnabled: { ...state.payoutsEnabled, [event.data.provider]: event.data.payoutsEnabled } };
      case 'commerce.payout-requested': {
        const { payoutId, creatorId, amountCents, currency } = event.data;
        return { ...state, creatorId, payouts: [...state.payouts, { payoutId, amountCents, currency, status: 'requested', reversedCents: 0 }] };
      }
      case 'commerce.payout-reversed':
        return {
          ...state,
          payouts: state.payouts.map((payout) =>
            payout.payoutId === event.data.payoutId ? { ...payout, status: 'reversed', reversedCents: event.data.reversedCents } : payout,
          ),
        };
      case 'commerce.payout-approved':
        return withStatus(state, event.data.payoutId, 'approved');
      case 'commerce.payout-rejected':
        return withStatus(state, event.data.payoutId, 'rejected');
      case 'commerce.payout-paid':
        return withStatus(state, event.data.payoutId, 'paid');
      case 'commerce.payout-failed':
        return withStatus(state, event.data.payoutId, 'failed');
      case 'commerce.payout-awaiting-confirmation':
        return updated(state, event.data.payoutId, { awaitingConfirmation: true });
      case 'commerce.payout-cancel-requested':
        return updated(state, event.data.payoutId, { cancelRequested: true });
    }
  },

  decide(command, state) {
    const payout = 'payoutId' in command ? state.payouts.find((candidate) => candidate.payoutId === command.payoutId) : undefined;
    switch (command.type) {
      case 'SetPayoutAccount': {
        const { creatorId, provider, payee, payoutsEnabled } = command;
        const known = state.payees[provider];
        if (known?.account === payee.account && known.name === payee.name) return []; // said again
        const set: PayoutEvent = { type: 'commerce.payout-account-set', data: { creatorId, provider, payee } };
        if (payoutsEnabled === undefined) return [set];
        return [set, { type: 'commerce.payout-account-status-changed', data: { creatorId, provider, account: payee.account, payoutsEnabled } }];
      }
      case 'RequestPayout': {
        if (payout) return []; // the same request again
        if (command.amountCents < command.minimumCents) throw CommerceErrors.payoutBelowMinimum(command.minimumCents);
        const available = command.maturedCents - inProgress(state, command.currency);
        if (command.amountCents > available) throw CommerceErrors.payoutExceedsAvailable(Math.max(0, available));
        const { payoutId, creatorId, amountCents, currency } = command;
        return [{ type: 'commerce.payout-requested', data: { payoutId, creatorId, amountCents, currency } }];
      }
      case 'ApprovePayout': {
        if (!payout) throw CommerceErrors.payoutNotFound();
        if (payout.status === 'approved' || payout.status === 'paid' || payout.status === 'reversed') return [];
        if (payout.status !== 'requested') throw CommerceErrors.payoutNotPending(payout.status);
        const payee = state.payees[command.provider] ?? null;
        // A real provider needs to know where to send the money before anyone approves sending it.
        if (command.provider !== NEEDS_NO_PAYEE && payee === null) throw CommerceErrors.payoutAccountMissing(command.provider);
        // The provider said it cannot pay out there yet (a Stripe account whose onboarding is not finished).
        if (state.payoutsEnabled[command.provider] === false) throw CommerceErrors.payoutAccountNotEnabled(command.provider);
        // WeChat Pay refuses such a transfer without the name: better said to finance now than failed later.
        if (command.provider === 'wechatpay' && payout.amountCents >= WECHATPAY_NAME_REQUIRED_FROM_FEN && !payee?.name) {
          throw CommerceErrors.payoutPayeeNameMissing(command.provider, WECHATPAY_NAME_REQUIRED_FROM_FEN);
        }
        const { provider, reviewerId } = command;
        return [{ type: 'commerce.payout-approved', data: { payoutId: payout.payoutId, creatorId: state.creatorId!, reviewerId, provider, payee } }];
      }
      case 'RejectPayout': {
        if (!payout) throw CommerceErrors.payoutNotFound();
        if (payout.status === 'rejected') return [];
        if (payout.status !== 'requested') throw CommerceErrors.payoutNotPending(payout.status);
        return [
          {
            type: 'commerce.payout-rejected',
            data: { payoutId: payout.payoutId, creatorId: state.creatorId!, reviewerId: command.reviewerId, reason: command.reason },
          },
        ];
      }
      case 'RecordPayout': {
        if (!payout) throw CommerceErrors.payoutNotFound();
        if (payout.status === 'paid' || payout.status === 'failed' || payout.status === 'reversed') return []; // the provider said so already
        if (payout.status !== 'approved') throw CommerceErrors.payoutNotPending(payout.status);
        const creatorId = state.creatorId!;
        return command.outcome === 'paid'
          ? [
              {
                type: 'commerce.payout-paid',
                data: { payoutId: payout.payoutId, creatorId, amountCents: payout.amountCents, currency: payout.currency, providerEventId: command.providerEventId },
              },
            ]
          : [
              {
                type: 'commerce.payout-failed',
                data: { payoutId: payout.payoutId, creatorId, reason: command.reason ?? 'payout failed', providerEventId: command.providerEventId },
              },
            ];
      }
      case 'RecordPayoutReversal': {
        if (!payout) throw CommerceErrors.payoutNotFound();
        if (payout.status === 'failed') return []; // nothing went out that could come back
        if (payout.status !== 'approved' && payout.status !== 'paid' && payout.status !== 'reversed') throw CommerceErrors.payoutNotPending(payout.status);
        const reversedCents = Math.min(command.reversedCents, payout.amountCents);
        const amountCents = reversedCents - payout.reversedCents;
        if (amountCents <= 0) return []; // this much was taken back already: a repeat, or an older word
        const creatorId = state.creatorId!;
        const { payoutId, currency } = payout;
        const reversed: PayoutEvent = {
          type: 'commerce.payout-reversed',
          data: { payoutId, creatorId, amountCents, reversedCents, currency, reason: command.reason, providerEventId: command.providerEventId },
        };
        // Reversed before we heard it was paid: it was paid, then taken back.
        if (payout.status === 'approved') {
          return [{ type: 'commerce.payout-paid', data: { payoutId, creatorId, amountCents: payout.amountCents, currency, providerEventId: command.providerEventId } }, reversed];
        }
        return [reversed];
      }
      case 'RecordPayoutAwaitingConfirmation': {
        if (!payout) throw CommerceErrors.payoutNotFound();
        // Told once; a transfer already settled waits for nobody (a late or replayed word).
        if (payout.awaitingConfirmation || payout.status !== 'approved') return [];
        const { payoutId, amountCents, currency } = payout;
        return [{ type: 'commerce.payout-awaiting-confirmation', data: { payoutId, creatorId: state.creatorId!, amountCents, currency, provider: command.provider } }];
      }
      case 'CancelPayout': {
        if (!payout) throw CommerceErrors.payoutNotFound();
        if (payout.cancelRequested) return []; // asked already: the provider's answer settles it once
        if (payout.status !== 'approved' || !payout.awaitingConfirmation) throw CommerceErrors.payoutNotCancellable(payout.status === 'approved' ? 'not waiting for its payee' : payout.status);
        return [{ type: 'commerce.payout-cancel-requested', data: { payoutId: payout.payoutId, creatorId: state.creatorId!, requestedBy: command.requestedBy } }];
      }
      case 'RecordPayoutAccountStatus': {
        const { creatorId, provider, account, payoutsEnabled } = command;
        // About an account the creator no longer gives (or never gave): not theirs to change.
        if (state.payees[provider]?.account !== account) return [];
        if (state.payoutsEnabled[provider] === payoutsEnabled) return [];
        return [{ type: 'commerce.payout-account-status-changed', data: { creatorId, provider, account, payoutsEnabled } }];
      }
    }
  },
};
