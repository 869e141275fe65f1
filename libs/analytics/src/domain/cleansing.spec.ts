import { describe, expect, it } from 'vitest';
import { canonicalNumber, canonicalPlatform, canonicalText, isMissing } from './canonical.js';
import { type CleansingContext, cleanse, mean, median, type RawRow } from './cleansing.js';

const U = '11111111-1111-4111-8111-111111111111';
const V = '22222222-2222-4222-8222-222222222222';
const I = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const J = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const RECEIVED = new Date('2026-11-28T00:00:00Z');
let next = 1;
const row = (eventType: string, payload: Record<string, unknown>, extra: Partial<RawRow> = {}): RawRow => ({
  rawId: next,
  source: 'test',
  sourceEventId: `e${next++}`,
  eventType,
  userId: U,
  deviceId: null,
  timeZone: null,
  receivedAt: RECEIVED,
  payload,
  ...extra,
});
const context = (extra: Partial<CleansingContext> = {}): CleansingContext => ({
  knownKeys: new Set(),
  kept: new Map(),
  lastPlatform: new Map(),
  deviceLinks: new Map(),
  nearDuplicateWindowMs: 2000,
  ...extra,
});
const at = (time: string) => `2026-11-20T${time}Z`;

describe('canonical values', () => {
  it('normalises platforms, text, numbers and what counts as missing', () => {
    expect(['iPhone', ' IPAD ', 'h5', 'Mini Program', '小程序', 'server', 'smart fridge', '', 3].map(canonicalPlatform)).toEqual([
      'ios',
      'ios',
      'web',
      'miniapp',
      'miniapp',
      'server',
      'other',
      null,
      null,
    ]);
    expect(canonicalText('  Cafe\u0301 \n  au   lait ')).toBe('Café au lait');
    expect(canonicalText('   ')).toBeNull();
    expect([12, ' 12.5 ', '-3', '.5', '1e3', '12abc', '', Number.NaN, Infinity, null].map(canonicalNumber)).toEqual([12, 12.5, -3, 0.5, 1000, null, null, null, null, null]);
    expect([undefined, null, '', ' NA ', 'n/a', 'NULL', 'NaN', 0, 'x'].map(isMissing)).toEqual([true, true, true, true, true, true, true, false, false]);
    expect(['Mini_Program', 'PC', 'browser', 'android', 'miniprogram', 'wechat-mini', 'iphone'].map(canonicalPlatform)).toEqual([
      'miniapp',
      'web',
      'web',
      'android',
      'miniapp',
      'miniapp',
      'ios',
    ]);
    expect(['1e+3', '1.', '+.5e-1', '1e', '..5', '1.5.2', 'e3', '-'].map(canonicalNumber)).toEqual([1000, 1, 0.05, null, null, null, null, null]);
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('a cleansing batch', () => {
  it('drops exact duplicates, within the batch and of earlier batches, keeping the first', () => {
    const first = row('view', { occurredAt: at('01:00:00'), itemId: I });
    const again = { ...first, rawId: 99 };
    const earlier = row('view', { occurredAt: at('05:00:00'), itemId: J });
    const outcome = cleanse([first, again, earlier], context({ knownKeys: new Set([`test/${earlier.sourceEventId}`]) }));
    expect(outcome.facts.map((fact) => fact.rawId)).toEqual([first.rawId]);
    expect(outcome.report).toMatchObject({ rowsIn: 3, rowsOut: 1, duplicates: 2, nearDuplicates: 0 });
  });

  it('drops near-duplicates within the window on either side of a kept event, per user, item and type', () => {
    const rows = [
      row('view', { occurredAt: at('01:00:02'), itemId: I }), // the window is inclusive: 2 s after the one below
      row('view', { occurredAt: at('01:00:00'), itemId: I }),
      row('view', { occurredAt: at('01:00:03'), itemId: I }), // 3 s after the kept one: kept
      row('click', { occurredAt: at('01:00:00'), itemId: I }), // another type
      row('view', { occurredAt: at('01:00:00'), itemId: J }), // another item
      row('view', { occurredAt: at('01:00:00'), itemId: I }, { userId: V }), // another user
      row('view', { occurredAt: at('02:00:00'), itemId: J }), // an earlier batch kept one 1 s later
      row('purchase', { occurredAt: at('01:00:00'), itemId: I, props: { amountCents: 5 } }),
      row('purchase', { occurredAt: at('01:00:00'), itemId: I, props: { amountCents: 5 } }), // server facts are never near-duplicates
    ];
    const outcome = cleanse(rows, context({ kept: new Map([[`${U}/${J}/view`, [new Date(at('02:00:01'))]]]) }));
    expect(outcome.report.nearDuplicates).toBe(2);
    expect(outcome.facts.map((fact) => `${fact.eventType}@${fact.occurredAt.toISOString().slice(11, 19)}`)).toEqual([
      'view@01:00:00',
      'click@01:00:00',
      'view@01:00:00',
      'view@01:00:00',
      'purchase@01:00:00',
      'purchase@01:00:00',
      'view@01:00:03',
    ]);
    expect(cleanse(rows.slice(0, 2), context({ nearDuplicateWindowMs: 1000 })).report.nearDuplicates).toBe(0);
  });

  it('quarantines each kind of row it cannot save, with its reason and detail', () => {
    const cases: [RawRow, string, string][] = [
      [row('teleport', { occurredAt: at('01:00:00') }), 'unknown-type', 'unknown event type "teleport"'],
      [row('view', { occurredAt: 'soon', itemId: I }), 'bad-timestamp', 'occurredAt "soon" is not ISO 8601, epoch ms or "YYYY-MM-DD HH:mm:ss"'],
      [row('view', { itemId: I }), 'bad-timestamp', 'occurredAt null is not ISO 8601, epoch ms or "YYYY-MM-DD HH:mm:ss"'],
      [row('view', { occurredAt: '1999-12-31T23:59:59Z', itemId: I }), 'timestamp-out-of-range', 'occurredAt 1999-12-31T23:59:59.000Z is before 2000 or after its arrival'],
      [row('view', { occurredAt: '2026-11-29T00:00:01Z', itemId: I }), 'timestamp-out-of-range', 'occurredAt 2026-11-29T00:00:01.000Z is before 2000 or after its arrival'],
      [row('view', { occurredAt: at('01:00:00'), itemId: I }, { userId: null }), 'no-subject', 'neither a user nor a device'],
      [row('view', { occurredAt: at('01:00:00') }), 'missing-item', 'a view event needs an itemId (UUID)'],
      [row('refund', { occurredAt: at('01:00:00'), itemId: 'x' }), 'missing-item', 'a refund event needs an itemId (UUID)'],
      [row('view', { occurredAt: at('01:00:00'), itemId: I, props: { durationMs: -1 } }), 'invalid-value', 'durationMs -1 is out of range for a view event'],
      [row('view', { occurredAt: at('01:00:00'), itemId: I, props: { durationMs: '1.5' } }), 'invalid-value', 'durationMs "1.5" is out of range for a view event'],
      [row('play', { occurredAt: at('01:00:00'), itemId: I, props: { progress: 'half' } }), 'invalid-value', 'progress "half" is out of range for a play event'],
      [row('purchase', { occurredAt: at('01:00:00'), itemId: I, props: { amountCents: -5 } }), 'invalid-value', 'amountCents -5 is out of range for a purchase event'],
      [row('purchase', { occurredAt: at('01:00:00'), itemId: I }), 'missing-value', 'a purchase fact needs amountCents'],
      [row('search', { occurredAt: at('01:00:00'), props: { query: ' ' } }), 'missing-value', 'a search event needs its query'],
      [row('share', { occurredAt: at('01:00:00'), itemId: I, props: {} }), 'missing-value', 'a share event needs its channel'],
      [row('rate', { occurredAt: at('01:00:00'), itemId: I }), 'missing-value', 'rating is missing and no rating in the batch to impute it from'],
    ];
    for (const [raw, reason, detail] of cases) {
      const outcome = cleanse([raw], context());
      expect({ reason: outcome.quarantined[0]?.reason, detail: outcome.quarantined[0]?.detail }).toEqual({ reason, detail });
      expect(outcome.report.quarantined).toEqual({ [reason]: 1 });
      expect(outcome.facts).toEqual([]);
    }
  });

  it('gives an anonymous device\'s events to the user who signed in on it next, else the last one', () => {
    const links = new Map([['d1', [{ userId: U, linkedAt: new Date(at('02:00:00')) }, { userId: V, linkedAt: new Date(at('04:00:00')) }]]]);
    const rows = ['01:00:00', '03:00:00', '05:00:00'].map((time) => row('view', { occurredAt: at(time), itemId: I }, { userId: null, deviceId: 'd1' }));
    const unlinked = row('view', { occurredAt: at('01:00:00'), itemId: J }, { userId: null, deviceId: 'd2' });
    const outcome = cleanse([...rows, unlinked], context({ deviceLinks: links }));
    expect(outcome.facts.map((fact) => [fact.deviceId, fact.userId])).toEqual([
      ['d1', U],
      ['d2', null],
      ['d1', V],
      ['d1', V],
    ]);
  });

  it('imputes by the declared rules, flags each value, and leaves alone what nothing can fill', () => {
    const rows = [
      row('view', { occurredAt: at('01:00:00'), itemId: I, platform: 'web', props: { durationMs: 10 } }),
      row('view', { occurredAt: at('01:01:00'), itemId: J, props: { durationMs: 'NA' } }),
      row('view', { occurredAt: at('01:02:00'), itemId: I, props: { durationMs: 30 } }),
      row('view', { occurredAt: at('01:03:00'), itemId: I, props: { durationMs: 40 } }, { userId: V }),
      row('rate', { occurredAt: at('01:04:00'), itemId: I, platform: 'ios', props: { rating: 2 } }),
      row('rate', { occurredAt: at('01:05:00'), itemId: J, platform: 'ios', props: { rating: 5 } }),
      row('rate', { occurredAt: at('01:06:00'), itemId: I, platform: 'ios', props: {} }),
      row('play', { occurredAt: at('02:00:00'), itemId: I, platform: 'ios', props: {} }),
      row('play', { occurredAt: at('02:10:00'), itemId: I, platform: 'ios', props: { progress: 0.1 } }),
      row('play', { occurredAt: at('02:20:00'), itemId: I, platform: 'ios', props: { progress: '' } }),
      row('play', { occurredAt: at('02:40:00'), itemId: I, platform: 'ios', props: { progress: 0.7 } }),
      row('play', { occurredAt: at('02:10:00'), itemId: J, platform: 'ios', props: {} }), // no known progress on J
    ];
    const outcome = cleanse(rows, context({ lastPlatform: new Map([[V, 'android']]) }));
    const fact = (index: number) => outcome.facts.find((candidate) => candidate.rawId === rows[index]!.rawId)!;
    expect(fact(1)).toMatchObject({ durationMs: 30, platform: 'web', imputed: ['durationMs', 'platform'] });
    expect(fact(2)).toMatchObject({ durationMs: 30, platform: 'web', imputed: ['platform'] });
    expect(fact(3)).toMatchObject({ durationMs: 40, platform: 'android', imputed: ['platform'] });
    expect(fact(6)).toMatchObject({ rating: 2, imputed: ['rating'] });
    expect(fact(7)).toMatchObject({ progress: 0.1, imputed: ['progress'] });
    expect(fact(9).progress).toBeCloseTo(0.3, 12);
    expect(fact(9).imputed).toEqual(['progress']);
    expect(fact(11)).toMatchObject({ progress: null, imputed: [] });
    expect(outcome.report.imputed).toEqual({ durationMs: 1, rating: 1, platform: 3, progress: 2 });
    // A rating of an item without others in the batch takes the batch's mean; a view length the median of all.
    const lone = cleanse([row('rate', { occurredAt: at('01:00:00'), itemId: J, props: { rating: 4 } }), row('rate', { occurredAt: at('01:00:00'), itemId: I, props: {} }, { userId: V }), row('rate', { occurredAt: at('01:00:00'), itemId: I, props: { rating: 1 } }, { userId: null, deviceId: 'x' })], context());
    expect(lone.facts.map((f) => f.rating)).toEqual([4, 1, 1]);
  });

  it('holds its bounds exactly and keeps rows in order', () => {
    const kept = (raw: RawRow) => cleanse([raw], context()).facts.length;
    expect(kept(row('view', { occurredAt: '2000-01-01T00:00:00Z', itemId: I }))).toBe(1);
    expect(kept(row('view', { occurredAt: '2026-11-29T00:00:00Z', itemId: I }))).toBe(1);
    expect(kept(row('purchase', { occurredAt: at('01:00:00'), itemId: I, props: { amountCents: 0 } }))).toBe(1);
    expect(kept(row('rate', { occurredAt: at('01:00:00'), itemId: I, props: { rating: 5 } }))).toBe(1);
    expect(kept(row('rate', { occurredAt: at('01:00:00'), itemId: I, props: { rating: 1 } }))).toBe(1);
    expect(kept(row('rate', { occurredAt: at('01:00:00'), itemId: I, props: { rating: 5.5 } }))).toBe(0);
    expect(kept(row('view', { occurredAt: at('01:00:00'), itemId: I, props: { durationMs: 86_400_000 } }))).toBe(1);
    expect(kept(row('play', { occurredAt: at('01:00:00'), itemId: I, props: { positionMs: 5 } }))).toBe(1);
    const texts = cleanse(
      [row('share', { occurredAt: at('01:00:00'), itemId: I, props: { channel: ' WeChat ' } }), row('search', { occurredAt: at('02:00:00'), props: { query: ' Rust ' } })],
      context(),
    );
    expect(texts.facts.map((fact) => [fact.channel, fact.query])).toEqual([
      ['wechat', null],
      [null, 'Rust'],
    ]);
    // Same time: raw order decides; the quarantine too lists rows by raw id.
    const late = { ...row('view', { occurredAt: at('03:00:00'), itemId: I }), rawId: 500 };
    const early = { ...row('view', { occurredAt: at('03:00:00'), itemId: J }), rawId: 400 };
    expect(cleanse([late, early], context()).facts.map((fact) => fact.rawId)).toEqual([400, 500]);
    const bad = [{ ...row('teleport', {}), rawId: 900 }, { ...row('warp', {}), rawId: 800 }];
    expect(cleanse(bad, context()).quarantined.map((q) => q.row.rawId)).toEqual([800, 900]);
    // The rating quarantined for want of any is that row, not another.
    const rated = [row('view', { occurredAt: at('04:00:00'), itemId: I }), row('rate', { occurredAt: at('04:01:00'), itemId: I })];
    expect(cleanse(rated, context()).quarantined.map((q) => q.row.sourceEventId)).toEqual([rated[1]!.sourceEventId]);
    // Two anonymous devices are two subjects: neither is the other's near-duplicate.
    const devices = ['d1', 'd2'].map((deviceId) => row('view', { occurredAt: at('05:00:00'), itemId: I }, { userId: null, deviceId }));
    const anonymous = cleanse(devices, context());
    expect(anonymous.facts.map((fact) => fact.deviceId)).toEqual(['d1', 'd2']);
    // A device's platform carries forward for that device only.
    const carried = cleanse(
      [row('view', { occurredAt: at('06:00:00'), itemId: I, platform: 'ios' }, { userId: null, deviceId: 'd3' }), row('view', { occurredAt: at('07:00:00'), itemId: J }, { userId: null, deviceId: 'd4' })],
      context(),
    );
    expect(carried.facts.map((fact) => fact.platform)).toEqual(['ios', null]);
  });
});
