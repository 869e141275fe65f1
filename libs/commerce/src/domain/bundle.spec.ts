import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { BundleTerms } from './bundle-events.js';
import { type BundleCommand, bundleDecider, type ListedItem, priceBundle } from './bundle.js';

const { given } = deciderSpec(bundleDecider);

const listed: ListedItem[] = [
  { contentId: 'a', creatorId: 'c1', priceCents: 6000, currency: 'CNY' },
  { contentId: 'b', creatorId: 'c1', priceCents: 3000, currency: 'CNY' },
  { contentId: 'c', creatorId: 'c1', priceCents: 1000, currency: 'CNY' },
];
const terms: BundleTerms = { bundleId: 'b1', creatorId: 'c1', title: '全家桶', contentIds: ['a', 'b', 'c'], priceCents: 8000, currency: 'CNY' };
const create = (changes: Partial<BundleTerms> = {}, items = listed): BundleCommand => ({ type: 'CreateBundle', ...terms, ...changes, listed: items });
const created = { type: 'commerce.bundle-created' as const, data: terms };

describe('bundle decider', () => {
  it('offers a bundle once; the same again is a no-op', () => {
    given([]).when(create()).then([created]);
    given([created]).when(create()).then([]);
  });
  it('refuses bundles that do not work', () => {
    given([]).when(create({ contentIds: ['a'] })).thenRefuses('COMMERCE.BUNDLE_TERMS_INVALID', 'invalid');
    given([]).when(create({ contentIds: Array.from({ length: 51 }, (_, i) => `x${i}`) })).thenRefuses('COMMERCE.BUNDLE_TERMS_INVALID');
    given([]).when(create({ contentIds: ['a', 'a'] })).thenRefuses('COMMERCE.BUNDLE_TERMS_INVALID');
    given([]).when(create({ contentIds: ['a', 'z'] })).thenRefuses('COMMERCE.CONTENT_NOT_FOR_SALE', 'invalid');
    given([]).when(create({}, [...listed.slice(0, 2), { ...listed[2]!, creatorId: 'c2' }])).thenRefuses('COMMERCE.BUNDLE_TERMS_INVALID');
    given([]).when(create({}, [...listed.slice(0, 2), { ...listed[2]!, currency: 'USD' }])).thenRefuses('COMMERCE.MIXED_CURRENCIES');
    given([]).when(create({ currency: 'USD' })).thenRefuses('COMMERCE.MIXED_CURRENCIES');
    given([]).when(create({ priceCents: 10_000 })).thenRefuses('COMMERCE.BUNDLE_TERMS_INVALID'); // no saving
    given([]).when(create({ priceCents: 0 })).thenRefuses('COMMERCE.BUNDLE_TERMS_INVALID');
    given([]).when(create({ priceCents: 9999 })).then([{ type: 'commerce.bundle-created', data: { ...terms, priceCents: 9999 } }]);
    const fifty = Array.from({ length: 50 }, (_, i) => `x${i}`);
    const fiftyListed = fifty.map((contentId) => ({ contentId, creatorId: 'c1', priceCents: 100, currency: 'CNY' }));
    given([]).when(create({ contentIds: fifty, priceCents: 4000 }, fiftyListed)).then([
      { type: 'commerce.bundle-created', data: { ...terms, contentIds: fifty, priceCents: 4000 } },
    ]);
  });
  it('retires once, and refuses to retire what does not exist', () => {
    const retired = { type: 'commerce.bundle-retired' as const, data: { bundleId: 'b1' } };
    given([created]).when({ type: 'RetireBundle' }).then([retired]);
    given([created, retired]).when({ type: 'RetireBundle' }).then([]);
    given([]).when({ type: 'RetireBundle' }).thenRefuses('COMMERCE.BUNDLE_NOT_FOUND', 'not_found');
  });
});

describe('pricing a bundle', () => {
  it('shares its price over its items by list price, to the cent', () => {
    const { items, pricedOutCents } = priceBundle(8000, listed, []);
    expect(items.map(({ item, priceCents }) => [item.contentId, priceCents])).toEqual([
      ['a', 4800],
      ['b', 2400],
      ['c', 800],
    ]);
    expect(pricedOutCents).toBe(0);
    expect(priceBundle(1001, listed, []).items.reduce((sum, { priceCents }) => sum + priceCents, 0)).toBe(1001);
  });
  it('prices out what the buyer holds already: it leaves the order with its share', () => {
    const { items, pricedOutCents } = priceBundle(8000, listed, ['b']);
    expect(items.map(({ item, priceCents }) => [item.contentId, priceCents])).toEqual([
      ['a', 4800],
      ['c', 800],
    ]);
    expect(pricedOutCents).toBe(2400);
    expect(priceBundle(8000, listed, ['a', 'b', 'c'])).toEqual({ items: [], pricedOutCents: 8000 });
  });
});
