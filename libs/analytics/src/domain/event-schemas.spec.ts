import { describe, expect, it } from 'vitest';
import { validateClientEvent } from './event-schemas.js';

const item = '0b7c3f0e-9a59-4c1e-8d8f-1f1f8c5b2a10';
const reason = (raw: unknown) => {
  const result = validateClientEvent(raw);
  return result.ok ? null : result.reason;
};

describe('client events against their registered schemas', () => {
  it('accepts each type in its shape, item ids lower-cased', () => {
    const view = validateClientEvent({ clientEventId: 'e1', type: 'view', occurredAt: 1_763_596_800_000, itemId: item.toUpperCase(), props: { durationMs: 5 } });
    expect(view).toEqual({
      ok: true,
      event: { clientEventId: 'e1', type: 'view', occurredAt: 1_763_596_800_000, itemId: item, platform: null, props: { durationMs: 5 } },
    });
    expect(reason({ clientEventId: 'e2', type: 'search', occurredAt: 'x', props: { query: 'rust' } })).toBeNull();
    expect(reason({ clientEventId: 'e3', type: 'rate', occurredAt: 'x', itemId: item, platform: 'ios', props: { rating: 4.5 } })).toBeNull();
    expect(reason({ clientEventId: 'e4', type: 'play', occurredAt: 'x', itemId: item, props: { progress: 0.5, positionMs: 3 } })).toBeNull();
  });

  it('names the first fault of a bad item', () => {
    expect(reason('x')).toBe('must be an object');
    expect(reason([])).toBe('must be an object');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: item, extra: 1 })).toBe('unknown field: extra');
    expect(reason({ clientEventId: 'bad id!', type: 'view', occurredAt: 1, itemId: item })).toBe('clientEventId must be 1 to 64 letters, digits or . _ : -');
    expect(reason({ clientEventId: 'e1', type: 'purchase', occurredAt: 1, itemId: item })).toBe('type must be one of view, play, search, click, share, rate');
    expect(reason({ clientEventId: 'e1', type: 'view', itemId: item })).toBe('occurredAt is required');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 'x'.repeat(41), itemId: item })).toBe('occurredAt is too long');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: 'nope' })).toBe('a view event needs an itemId (UUID)');
    expect(reason({ clientEventId: 'e1', type: 'search', occurredAt: 1, itemId: item, props: { query: 'q' } })).toBe('a search event has no itemId');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: item, platform: 7 })).toBe('platform must be text of up to 32 characters');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: item, props: [] })).toBe('props must be an object');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: item, props: { rating: 3 } })).toBe('a view event has no prop rating');
    expect(reason({ clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: item, props: { durationMs: 1.5 } })).toBe(
      'props.durationMs must be an integer from 0 to 86400000',
    );
    expect(reason({ clientEventId: 'e1', type: 'rate', occurredAt: 1, itemId: item, props: { rating: 6 } })).toBe('props.rating must be a number from 1 to 5');
    expect(reason({ clientEventId: 'e1', type: 'share', occurredAt: 1, itemId: item, props: { channel: '  ' } })).toBe(
      'props.channel must be text of 1 to 32 characters',
    );
    expect(reason({ clientEventId: 'e1', type: 'share', occurredAt: 1, itemId: item })).toBe('a share event needs props.channel');
  });

  it('holds every bound exactly: lengths, ranges, integers, types', () => {
    const base = { clientEventId: 'e1', type: 'view', occurredAt: 1, itemId: item };
    expect(reason({ ...base, clientEventId: 'x'.repeat(64) })).toBeNull();
    expect(reason({ ...base, clientEventId: 'x'.repeat(65) })).toMatch(/^clientEventId/);
    expect(reason({ ...base, clientEventId: 42 })).toMatch(/^clientEventId/);
    expect(reason({ ...base, type: 5 })).toMatch(/^type must be/);
    expect(reason({ ...base, occurredAt: 'x'.repeat(40) })).toBeNull();
    expect(reason({ ...base, occurredAt: true })).toBe('occurredAt is required');
    expect(reason({ ...base, itemId: 7 })).toBe('a view event needs an itemId (UUID)');
    expect(reason({ ...base, itemId: `${item}x` })).toBe('a view event needs an itemId (UUID)');
    expect(reason({ ...base, platform: 'p'.repeat(32) })).toBeNull();
    expect(reason({ ...base, platform: 'p'.repeat(33) })).toBe('platform must be text of up to 32 characters');
    expect(reason({ ...base, props: null })).toBe('props must be an object');
    expect(reason(null)).toBe('must be an object');
    const search = { clientEventId: 's', type: 'search', occurredAt: 1 };
    expect(reason({ ...search, props: { query: 'q'.repeat(200) } })).toBeNull();
    expect(reason({ ...search, props: { query: 'q'.repeat(201) } })).toBe('props.query must be text of 1 to 200 characters');
    expect(reason({ ...search, props: { query: 5 } })).toBe('props.query must be text of 1 to 200 characters');
    const rate = { ...base, type: 'rate' };
    for (const rating of [1, 5, 3.5]) expect(reason({ ...rate, props: { rating } })).toBeNull();
    for (const rating of [0.99, 5.01, '4', Number.NaN, Infinity]) expect(reason({ ...rate, props: { rating } })).toBe('props.rating must be a number from 1 to 5');
    const play = { ...base, type: 'play' };
    expect(reason({ ...play, props: {} })).toBeNull();
    expect(reason({ ...play, props: { progress: 0, positionMs: 0, durationMs: 86_400_000 } })).toBeNull();
    expect(reason({ ...play, props: { progress: 1 } })).toBeNull();
    expect(reason({ ...play, props: { positionMs: 1.5 } })).toBe('props.positionMs must be an integer from 0 to 8640000000');
    expect(reason({ ...play, props: { durationMs: 86_400_001 } })).toBe('props.durationMs must be an integer from 0 to 86400000');
    expect(reason({ ...play, props: { progress: -0.01 } })).toBe('props.progress must be a number from 0 to 1');
    expect(reason({ ...base, props: {} })).toBeNull();
    expect(reason({ ...base, type: 'click', props: { target: 't'.repeat(64) } })).toBeNull();
  });
});
