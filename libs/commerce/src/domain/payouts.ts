import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { PayoutEvent, PayoutPayee } from './payout-events.js';

export interface Payout {
  payoutId: string;
  amountCents: number;
  currency: string;
  status: 'requested' | 'approved' | 'rejected' | 'paid' | 'failed';
}

/** One creator's payouts (stream `payouts-<creatorId>`): requests append at the version loaded, so two can never both spend one balance. */
export interface PayoutsState {
  /** Whose payouts these are; known from the first request. */
  creatorId: string | null;
  payouts: Payout[];
  /** Where each provider is to pay this creator. */
  payees: Record<string, PayoutPayee>;
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
  | { type: 'SetPayoutAccount'; creatorId: string; provider: string; payee: PayoutPayee }
  /** `provider`: the one configured, which is to pay it. */
  | { type: 'ApprovePayout'; payoutId: string; reviewerId: string; provider: string }
  | { type: 'RejectPayout'; payoutId: string; reviewerId: string; reason: string }
  | { type: 'RecordPayout'; payoutId: string; outcome: 'paid' | 'failed'; providerEventId: string; reason: string | null };

const inProgress = (state: PayoutsState, currency: string) =>
  state.payouts
    .filter((payout) => payout.currency === currency && (payout.status === 'requested' || payout.status === 'approved'))
    .reduce((sum, payout) => sum + payout.amountCents, 0);

const withStatus = (state: PayoutsState, payoutId: string, status: Payout['status']): PayoutsState => ({
  ...state,
  payouts: state.payouts.map((payout) => (payout.payoutId === payoutId ? { ...payout, status } : payout)),
});

export const payoutsDecider: Decider<PayoutsState, PayoutsCommand, PayoutEvent> = {
  initialState: () => ({ creatorId: null, payouts: [], payees: {} }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.payout-account-set':
        return { ...state, creatorId: event.data.creatorId, payees: { ...state.payees, [event.data.provider]: event.data.payee } };
      case 'commerce.payout-requested': {
        const { payoutId, creatorId, amountCents, currency } = event.data;
        return { ...state, creatorId, payouts: [...state.payouts, { payoutId, amountCents, currency, status: 'requested' }] };
      }
      case 'commerce.payout-approved':
        return withStatus(state, event.data.payoutId, 'approved');
      case 'commerce.payout-rejected':
        return withStatus(state, event.data.payoutId, 'rejected');
      case 'commerce.payout-paid':
        return withStatus(state, event.data.payoutId, 'paid');
      case 'commerce.payout-failed':
        return withStatus(state, event.data.payoutId, 'failed');
    }
  },

  decide(command, state) {
    const payout = 'payoutId' in command ? state.payouts.find((candidate) => candidate.payoutId === command.payoutId) : undefined;
    switch (command.type) {
      case 'SetPayoutAccount': {
        const { creatorId, provider, payee } = command;
        const known = state.payees[provider];
        if (known?.account === payee.account && known.name === payee.name) return []; // said again
        return [{ type: 'commerce.payout-account-set', data: { creatorId, provider, payee } }];
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
        if (payout.status === 'approved' || payout.status === 'paid') return [];
        if (payout.status !== 'requested') throw CommerceErrors.payoutNotPending(payout.status);
        const payee = state.payees[command.provider] ?? null;
        // A real provider needs to know where to send the money before anyone approves sending it.
        if (command.provider !== NEEDS_NO_PAYEE && payee === null) throw CommerceErrors.payoutAccountMissing(command.provider);
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
        if (payout.status === 'paid' || payout.status === 'failed') return []; // the provider said so already
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
    }
  },
};
