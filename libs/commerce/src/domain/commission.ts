import type { Decider, DomainEvent } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';

/**
 * Where a sale came from, for the platform's cut: through the creator's own coupon (the creator
 * brought the buyer) or anything else (the platform's reach).
 */
export type SaleChannel = 'platform' | 'creator-coupon';

/** The platform's commission on a sale, in basis points, per channel. */
export type CommissionRates = Record<SaleChannel, number>;

/** A creator's own rates, where the operator agreed different ones; null: the platform's default. */
export type CommissionOverride = { [Channel in SaleChannel]: number | null };

export type CommissionSet = DomainEvent<'commerce.commission-set', { creatorId: string; setBy: string } & CommissionOverride>;

export type CommissionState = { status: 'none' } | ({ status: 'set' } & CommissionOverride);

export type CommissionCommand = { type: 'SetCommission'; creatorId: string; setBy: string } & CommissionOverride;

export const commissionDecider: Decider<CommissionState, CommissionCommand, CommissionSet> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'set', platform: event.data.platform, 'creator-coupon': event.data['creator-coupon'] }),
  decide(command, state) {
    for (const bps of [command.platform, command['creator-coupon']]) {
      if (bps !== null && (!Number.isInteger(bps) || bps < 0 || bps > 10_000)) throw CommerceErrors.commissionInvalid();
    }
    if (state.status === 'set' && state.platform === command.platform && state['creator-coupon'] === command['creator-coupon']) return [];
    const { type: _type, ...data } = command;
    return [{ type: 'commerce.commission-set', data }];
  },
};

/** The rate for one sale: the creator's own for its channel, or the platform's default. */
export const commissionFor = (channel: SaleChannel, defaults: CommissionRates, override: CommissionOverride | null): number =>
  override?.[channel] ?? defaults[channel];
