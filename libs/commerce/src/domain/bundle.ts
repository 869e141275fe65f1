import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { BundleEvent, BundleTerms } from './bundle-events.js';
import { allocate } from './refund-allocation.js';

export type BundleState = { status: 'none' } | ({ status: 'offered' | 'retired' } & BundleTerms);

/** An item as the product list has it when the bundle is made or bought. */
export interface ListedItem {
  contentId: string;
  creatorId: string;
  priceCents: number;
  currency: string;
}

export type BundleCommand =
  | ({ type: 'CreateBundle'; listed: readonly ListedItem[] } & BundleTerms)
  | { type: 'RetireBundle' };

export const BUNDLE_MAX_ITEMS = 50;

export const bundleDecider: Decider<BundleState, BundleCommand, BundleEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.bundle-created':
        return { status: 'offered', ...event.data };
      case 'commerce.bundle-retired':
        return state.status === 'none' ? state : { ...state, status: 'retired' };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateBundle': {
        if (state.status !== 'none') return []; // the same bundle again
        const { type: _type, listed, ...terms } = command;
        if (terms.contentIds.length < 2 || terms.contentIds.length > BUNDLE_MAX_ITEMS) {
          throw CommerceErrors.bundleTermsInvalid(`a bundle holds 2 to ${BUNDLE_MAX_ITEMS} items`);
        }
        if (new Set(terms.contentIds).size !== terms.contentIds.length) throw CommerceErrors.bundleTermsInvalid('an item appears twice');
        const missing = terms.contentIds.filter((id) => !listed.some((item) => item.contentId === id));
        if (missing.length > 0) throw CommerceErrors.notForSale(missing);
        const others = listed.filter((item) => item.creatorId !== terms.creatorId).map((item) => item.contentId);
        if (others.length > 0) throw CommerceErrors.bundleTermsInvalid('a bundle holds its creator\'s own items only');
        if (listed.some((item) => item.currency !== terms.currency)) throw CommerceErrors.mixedCurrencies();
        const separately = listed.reduce((sum, item) => sum + item.priceCents, 0);
        // A bundle is a saving: otherwise nobody should be sold it.
        if (terms.priceCents <= 0 || terms.priceCents >= separately) {
          throw CommerceErrors.bundleTermsInvalid(`a bundle costs more than 0 and less than its items bought one by one (${separately})`);
        }
        return [{ type: 'commerce.bundle-created', data: terms }];
      }
      case 'RetireBundle':
        if (state.status === 'none') throw CommerceErrors.bundleNotFound();
        return state.status === 'retired' ? [] : [{ type: 'commerce.bundle-retired', data: { bundleId: state.bundleId } }];
    }
  },
};

/**
 * What each item of a bundle costs within it: the bundle's price spread over its items in
 * proportion to their list prices (whole cents, adding up to the bundle's price exactly). Items
 * the buyer holds already leave the order with their share ("priced out"): the buyer pays for
 * what they get, and never for an item twice.
 */
export function priceBundle<Item extends ListedItem>(
  bundlePriceCents: number,
  listed: readonly Item[],
  owned: readonly string[],
): { items: { item: Item; priceCents: number }[]; pricedOutCents: number } {
  const shares = allocate(
    bundlePriceCents,
    listed.map((item) => item.priceCents),
  );
  const priced = listed.map((item, i) => ({ item, priceCents: shares[i]! }));
  const kept = priced.filter(({ item }) => !owned.includes(item.contentId));
  return { items: kept, pricedOutCents: bundlePriceCents - kept.reduce((sum, { priceCents }) => sum + priceCents, 0) };
}
