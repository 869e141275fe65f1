import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { foldEvents } from '#platform/domain';
import type { ExpertPriceEvent } from './consulting-events.js';
import { type ExpertPriceCommand, expertPriceDecider, priceOffered } from './expert-price.js';

const { given } = deciderSpec(expertPriceDecider);
const set = (overrides: Partial<ExpertPriceCommand> = {}): ExpertPriceCommand => ({
  type: 'SetPrice',
  expertId: 'e1',
  amountCents: 5000,
  currency: 'CNY',
  enabled: true,
  ...overrides,
});
const priceSet: ExpertPriceEvent = { type: 'consulting.expert-price-set', data: { expertId: 'e1', amountCents: 5000, currency: 'CNY', enabled: true } };

describe('expert price decider', () => {
  it('sets a price, and changes it', () => {
    given([]).when(set()).then([priceSet]);
    given([priceSet]).when(set({ amountCents: 100 })).then([{ ...priceSet, data: { ...priceSet.data, amountCents: 100 } }]);
    given([priceSet]).when(set({ amountCents: 10_000_000 })).then([{ ...priceSet, data: { ...priceSet.data, amountCents: 10_000_000 } }]);
    given([priceSet]).when(set({ currency: 'USD' })).then([{ ...priceSet, data: { ...priceSet.data, currency: 'USD' } }]);
    given([priceSet]).when(set({ enabled: false })).then([{ ...priceSet, data: { ...priceSet.data, enabled: false } }]);
  });
  it('is a no-op when nothing changes', () => given([priceSet]).when(set()).then([]));
  it('refuses a price out of bounds or not whole', () => {
    for (const amountCents of [99, 10_000_001, 150.5, Number.NaN, -100]) {
      given([]).when(set({ amountCents })).thenRefuses('CONSULTING.PRICE_INVALID', 'invalid');
    }
    expect(given([]).when(set({ amountCents: 0 })).thenRefuses('CONSULTING.PRICE_INVALID').details).toEqual({
      why: 'it must be a whole number of fen from 100 to 10000000',
    });
  });
  it('refuses a currency that is not an ISO code', () => {
    for (const currency of ['cny', 'CN', 'CNYY', 'C1Y', ' CNY']) given([]).when(set({ currency })).thenRefuses('CONSULTING.PRICE_INVALID', 'invalid');
    // The expert reads why: the same code as a bad amount, so the reason tells them which field to fix.
    expect(given([]).when(set({ currency: 'cny' })).thenRefuses('CONSULTING.PRICE_INVALID').details).toEqual({
      why: 'the currency must be an ISO 4217 code such as CNY',
    });
  });
  it('offers the price only while enabled', () => {
    expect(priceOffered(foldEvents(expertPriceDecider, []))).toBeNull();
    expect(priceOffered(foldEvents(expertPriceDecider, [priceSet]))).toEqual({ amountCents: 5000, currency: 'CNY' });
    expect(priceOffered(foldEvents(expertPriceDecider, [priceSet, { ...priceSet, data: { ...priceSet.data, enabled: false } }]))).toBeNull();
  });
});
