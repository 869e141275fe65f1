import type { Decider } from '#platform/domain';
import { ConsultingErrors } from './consulting.errors.js';
import type { ExpertPriceEvent, Price } from './consulting-events.js';

/** The cheapest and dearest question an expert may sell (fen): ¥1 to ¥100,000. */
export const MIN_PRICE_CENTS = 100;
export const MAX_PRICE_CENTS = 10_000_000;

export type ExpertPriceState = { status: 'none' } | { status: 'set'; price: Price; enabled: boolean };

export type ExpertPriceCommand = { type: 'SetPrice'; expertId: string; amountCents: number; currency: string; enabled: boolean };

export const expertPriceDecider: Decider<ExpertPriceState, ExpertPriceCommand, ExpertPriceEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(_state, event) {
    return { status: 'set', price: { amountCents: event.data.amountCents, currency: event.data.currency }, enabled: event.data.enabled };
  },

  decide(command, state) {
    if (!Number.isSafeInteger(command.amountCents) || command.amountCents < MIN_PRICE_CENTS || command.amountCents > MAX_PRICE_CENTS) {
      throw ConsultingErrors.priceInvalid(`it must be a whole number of fen from ${MIN_PRICE_CENTS} to ${MAX_PRICE_CENTS}`);
    }
    if (!/^[A-Z]{3}$/.test(command.currency)) throw ConsultingErrors.priceInvalid('the currency must be an ISO 4217 code such as CNY');
    if (
      state.status === 'set' &&
      state.price.amountCents === command.amountCents &&
      state.price.currency === command.currency &&
      state.enabled === command.enabled
    ) {
      return []; // set as it is already
    }
    return [
      {
        type: 'consulting.expert-price-set',
        data: { expertId: command.expertId, amountCents: command.amountCents, currency: command.currency, enabled: command.enabled },
      },
    ];
  },
};

/** The price a new paid question to this expert costs, or null when they take none. */
export function priceOffered(state: ExpertPriceState): Price | null {
  return state.status === 'set' && state.enabled ? state.price : null;
}
