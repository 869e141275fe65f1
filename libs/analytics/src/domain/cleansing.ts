import { canonicalNumber, canonicalPlatform, canonicalText, isMissing, type Platform } from './canonical.js';
import { CLIENT_EVENT_SCHEMAS, CLIENT_EVENT_TYPES, type ClientEventType } from './event-schemas.js';
import { parseTimestamp } from './timestamps.js';

/** Facts the event store relays: one per item of an order placed, paid or refunded; one per learner's enrolment in an item. */
export const SERVER_FACT_TYPES = ['order', 'purchase', 'refund', 'enrolment'] as const;
export const FACT_TYPES = [...CLIENT_EVENT_TYPES, ...SERVER_FACT_TYPES] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** A raw row as stored: what the source sent, untouched, in `payload` ({occurredAt, itemId, platform, props}). */
export interface RawRow {
  readonly rawId: number;
  readonly source: string;
  readonly sourceEventId: string;
  readonly eventType: string;
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly timeZone: string | null;
  readonly receivedAt: Date;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One clean fact: the canonical shape every source ends in. */
export interface Fact {
  readonly rawId: number;
  readonly source: string;
  readonly sourceEventId: string;
  readonly eventType: FactType;
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly itemId: string | null;
  readonly occurredAt: Date;
  platform: Platform | null;
  readonly amountCents: number | null;
  readonly currency: string | null;
  durationMs: number | null;
  progress: number | null;
  rating: number | null;
  readonly query: string | null;
  readonly channel: string | null;
  /** A click's `servedId`: the recommendation list it was clicked in (lower case). */
  readonly servedId: string | null;
  /** The fields a missing-value rule filled in. */
  readonly imputed: string[];
}

export const QUARANTINE_REASONS = ['unknown-type', 'bad-timestamp', 'timestamp-out-of-range', 'no-subject', 'missing-item', 'invalid-value', 'missing-value'] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface Quarantined {
  readonly row: RawRow;
  readonly reason: QuarantineReason;
  readonly detail: string;
}

/** A missing-value rule, declared per field (README, "Analytics"). */
export type ImputationRule = 'mean' | 'median' | 'locf' | 'interpolate';
export const IMPUTATION_RULES: readonly { readonly field: 'durationMs' | 'rating' | 'platform' | 'progress'; readonly types: readonly FactType[]; readonly rule: ImputationRule }[] = [
  // A view's length: the median of the batch's views (robust to the odd tab left open all night).
  { field: 'durationMs', types: ['view'], rule: 'median' },
  // A rating lost in transit: the mean of the batch's ratings of the same item, else of all items.
  { field: 'rating', types: ['rate'], rule: 'mean' },
  // The platform: the one the same user (or device) used last.
  { field: 'platform', types: CLIENT_EVENT_TYPES, rule: 'locf' },
  // How far a play got: on the line between the user's previous and next known progress on that item.
  { field: 'progress', types: ['play'], rule: 'interpolate' },
];

export interface CleansingContext {
  /** `source/sourceEventId` of facts earlier batches kept: exact duplicates of those are dropped. */
  readonly knownKeys: ReadonlySet<string>;
  /** Per near-duplicate key, when earlier batches kept such events (those near this batch's times suffice). */
  readonly kept: ReadonlyMap<string, readonly Date[]>;
  /** Per subject (user, else device), the platform its latest earlier fact had. */
  readonly lastPlatform: ReadonlyMap<string, Platform>;
  /** Devices seen signed in: who, and since when (each list by time). */
  readonly deviceLinks: ReadonlyMap<string, readonly { readonly userId: string; readonly linkedAt: Date }[]>;
  readonly nearDuplicateWindowMs: number;
}

export interface CleansingReport {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly duplicates: number;
  readonly nearDuplicates: number;
  readonly imputed: Record<string, number>;
  readonly quarantined: Record<string, number>;
}

export interface CleansingOutcome {
  readonly facts: Fact[];
  readonly quarantined: Quarantined[];
  readonly report: CleansingReport;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EARLIEST = Date.UTC(2000, 0, 1);
/** Clocks drift: an event may claim to be this far ahead of its arrival. */
const FUTURE_TOLERANCE_MS = 86_400_000;

export const exactKey = (source: string, sourceEventId: string): string => `${source}/${sourceEventId}`;
export const nearKey = (fact: Pick<Fact, 'userId' | 'deviceId' | 'itemId' | 'eventType'>): string =>
  `${fact.userId ?? `device:${fact.deviceId}`}/${fact.itemId ?? ''}/${fact.eventType}`;
const subjectOf = (fact: Pick<Fact, 'userId' | 'deviceId'>): string => fact.userId ?? `device:${fact.deviceId}`;

/** What the first phase of a batch needs: which events earlier batches kept, and who signed in on which device. */
export type CanonicalContext = Pick<CleansingContext, 'knownKeys' | 'deviceLinks'>;
/** What the second phase needs: what earlier batches kept near these facts, each subject's last platform. */
export type FinishContext = Pick<CleansingContext, 'kept' | 'lastPlatform' | 'nearDuplicateWindowMs'>;

/** A batch after its first phase: exact duplicates dropped, each other row a canonical fact (in time order) or refused. */
export interface CanonicalBatch {
  readonly rows: readonly RawRow[];
  readonly canonical: Fact[];
  readonly quarantined: Quarantined[];
  readonly duplicates: number;
}

/**
 * One cleansing batch, pure: the same rows and context give the same facts, quarantine and
 * report, so a rerun changes nothing. Rows come in commit order; the first of duplicates is kept.
 * The two phases are apart so that the near-duplicate context can be looked up for the canonical
 * facts alone (their parsed times and subjects), instead of parsing every row twice.
 */
export function cleanse(rows: readonly RawRow[], context: CleansingContext): CleansingOutcome {
  return finishBatch(canonicalBatch(rows, context), context);
}

/** Phase one: exact duplicates out, every other row canonical or refused; the facts sorted by time. */
export function canonicalBatch(rows: readonly RawRow[], context: CanonicalContext): CanonicalBatch {
  const quarantined: Quarantined[] = [];
  const seen = new Set(context.knownKeys);
  let duplicates = 0;
  const canonical: Fact[] = [];
  for (const row of rows) {
    const key = exactKey(row.source, row.sourceEventId);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const shaped = toCanonical(row, context);
    if ('reason' in shaped) quarantined.push({ row, ...shaped });
    else canonical.push(shaped);
  }
  // Near-duplicates are judged in time order, against the last event kept under the same key.
  canonical.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.rawId - b.rawId);
  return { rows, canonical, quarantined, duplicates };
}

/** Whether near-duplicates of this fact are looked for (server facts are kept as relayed). */
export const judgedForNearDuplicates = (fact: Pick<Fact, 'eventType'>): boolean => !(SERVER_FACT_TYPES as readonly string[]).includes(fact.eventType);

/** Phase two: near-duplicates out, missing values imputed, the report. */
export function finishBatch(batch: CanonicalBatch, context: FinishContext): CleansingOutcome {
  const { rows, canonical, duplicates } = batch;
  const quarantined = [...batch.quarantined];
  const keptAt = new Map<string, Date[]>([...context.kept].map(([key, times]) => [key, [...times]]));
  let nearDuplicates = 0;
  const kept: Fact[] = [];
  for (const fact of canonical) {
    if (!judgedForNearDuplicates(fact)) {
      kept.push(fact);
      continue;
    }
    const key = nearKey(fact);
    const times = listIn(keptAt, key);
    // Either side: an event arriving late, just before one an earlier batch kept, is that one's duplicate.
    if (times.some((time) => Math.abs(fact.occurredAt.getTime() - time.getTime()) <= context.nearDuplicateWindowMs)) {
      nearDuplicates++;
      continue;
    }
    times.push(fact.occurredAt);
    kept.push(fact);
  }

  const imputed: Record<string, number> = {};
  const count = (field: string) => (imputed[field] = (imputed[field] ?? 0) + 1);
  imputeCentral(kept, 'view', 'durationMs', median, (value) => Math.round(value), count);
  imputeCentral(kept, 'rate', 'rating', mean, (value) => value, count);
  imputePlatform(kept, context.lastPlatform, count);
  imputeProgress(kept, count);

  // A rating nothing could fill in leaves the event without its point.
  const facts: Fact[] = [];
  for (const fact of kept) {
    if (fact.eventType === 'rate' && fact.rating === null) {
      quarantined.push({ row: rows.find((row) => row.rawId === fact.rawId)!, reason: 'missing-value', detail: 'rating is missing and no rating in the batch to impute it from' });
    } else facts.push(fact);
  }
  quarantined.sort((a, b) => a.row.rawId - b.row.rawId);
  const byReason: Record<string, number> = {};
  for (const { reason } of quarantined) byReason[reason] = (byReason[reason] ?? 0) + 1;
  return {
    facts,
    quarantined,
    report: { rowsIn: rows.length, rowsOut: facts.length, duplicates, nearDuplicates, imputed, quarantined: byReason },
  };
}

type Refusal = { reason: QuarantineReason; detail: string };

function toCanonical(row: RawRow, context: CanonicalContext): Fact | Refusal {
  const type = canonicalText(row.eventType)?.toLowerCase() ?? '';
  if (!(FACT_TYPES as readonly string[]).includes(type)) return { reason: 'unknown-type', detail: `unknown event type "${row.eventType}"` };
  const eventType = type as FactType;
  const { payload } = row;
  const occurredAt = parseTimestamp(payload.occurredAt, row.timeZone);
  if (!occurredAt) return { reason: 'bad-timestamp', detail: `occurredAt ${JSON.stringify(payload.occurredAt ?? null)} is not ISO 8601, epoch ms or "YYYY-MM-DD HH:mm:ss"` };
  if (occurredAt.getTime() < EARLIEST || occurredAt.getTime() > row.receivedAt.getTime() + FUTURE_TOLERANCE_MS) {
    return { reason: 'timestamp-out-of-range', detail: `occurredAt ${occurredAt.toISOString()} is before 2000 or after its arrival` };
  }
  const deviceId = canonicalText(row.deviceId);
  const userId = row.userId ?? linkedUser(context.deviceLinks.get(deviceId ?? ''), occurredAt);
  if (!userId && !deviceId) return { reason: 'no-subject', detail: 'neither a user nor a device' };

  const needsItem = (SERVER_FACT_TYPES as readonly string[]).includes(eventType) || CLIENT_EVENT_SCHEMAS[eventType as ClientEventType].item;
  const itemText = canonicalText(payload.itemId);
  if (needsItem && (!itemText || !UUID.test(itemText))) return { reason: 'missing-item', detail: `a ${eventType} event needs an itemId (UUID)` };

  const props = (typeof payload.props === 'object' && payload.props !== null ? payload.props : {}) as Record<string, unknown>;
  const numbers: Record<string, number | null> = {};
  for (const name of ['durationMs', 'progress', 'rating', 'amountCents', 'positionMs']) {
    const value = props[name];
    if (isMissing(value)) {
      numbers[name] = null;
      continue;
    }
    const number = canonicalNumber(value);
    const field = (CLIENT_EVENT_SCHEMAS as Record<string, { props: Record<string, { kind: string; min?: number; max?: number }> }>)[eventType]?.props[name];
    const inRange =
      number !== null &&
      (field ? field.kind === 'text' || (number >= field.min! && number <= field.max! && (field.kind !== 'int' || Number.isInteger(number))) : Number.isInteger(number) && number >= 0);
    if (!inRange) return { reason: 'invalid-value', detail: `${name} ${JSON.stringify(value)} is out of range for a ${eventType} event` };
    numbers[name] = number;
  }
  const text = (name: string) => canonicalText(props[name]);
  if (eventType === 'search' && !text('query')) return { reason: 'missing-value', detail: 'a search event needs its query' };
  if (eventType === 'share' && !text('channel')) return { reason: 'missing-value', detail: 'a share event needs its channel' };
  if ((eventType === 'purchase' || eventType === 'refund' || eventType === 'order') && numbers.amountCents === null) {
    return { reason: 'missing-value', detail: `a ${eventType} fact needs amountCents` };
  }

  return {
    rawId: row.rawId,
    source: row.source,
    sourceEventId: row.sourceEventId,
    eventType,
    userId,
    deviceId,
    itemId: itemText ? itemText.toLowerCase() : null,
    occurredAt,
    platform: canonicalPlatform(payload.platform),
    amountCents: numbers.amountCents,
    currency: text('currency')?.toUpperCase() ?? null,
    durationMs: numbers.durationMs,
    progress: numbers.progress,
    rating: numbers.rating,
    query: eventType === 'search' ? text('query') : null,
    channel: eventType === 'share' ? text('channel')!.toLowerCase() : null,
    servedId: eventType === 'click' ? (text('servedId')?.toLowerCase() ?? null) : null,
    imputed: [],
  };
}

/** The user who signed in on the device next after the event; after the last sign-in, that user. */
function linkedUser(links: readonly { userId: string; linkedAt: Date }[] | undefined, at: Date): string | null {
  if (!links || links.length === 0) return null;
  return (links.find((link) => link.linkedAt.getTime() >= at.getTime()) ?? links[links.length - 1]!).userId;
}

function imputeCentral(
  facts: Fact[],
  type: FactType,
  field: 'durationMs' | 'rating',
  central: (values: number[]) => number,
  shape: (value: number) => number,
  count: (field: string) => void,
): void {
  const ofType = facts.filter((fact) => fact.eventType === type);
  const known = ofType.filter((fact) => fact[field] !== null);
  const byItem = new Map<string, number[]>();
  for (const fact of known) listIn(byItem, fact.itemId ?? '').push(fact[field]!);
  const all = known.map((fact) => fact[field]!);
  // Each list's central value once, however many missing values it fills (a median sorts).
  const centres = new Map<number[], number>();
  for (const fact of ofType.filter((candidate) => candidate[field] === null)) {
    // Ratings lean on the same item first; view lengths on the whole batch.
    const values = field === 'rating' && byItem.has(fact.itemId ?? '') ? byItem.get(fact.itemId ?? '')! : all;
    if (values.length === 0) continue;
    if (!centres.has(values)) centres.set(values, shape(central(values)));
    fact[field] = centres.get(values)!;
    fact.imputed.push(field);
    count(field);
  }
}

function imputePlatform(facts: Fact[], before: ReadonlyMap<string, Platform>, count: (field: string) => void): void {
  const last = new Map(before);
  for (const fact of facts) {
    if ((SERVER_FACT_TYPES as readonly string[]).includes(fact.eventType)) continue;
    const subject = subjectOf(fact);
    if (fact.platform !== null) {
      last.set(subject, fact.platform);
      continue;
    }
    const carried = last.get(subject);
    if (carried === undefined) continue;
    fact.platform = carried;
    fact.imputed.push('platform');
    count('platform');
  }
}

function imputeProgress(facts: Fact[], count: (field: string) => void): void {
  const series = new Map<string, Fact[]>();
  for (const fact of facts.filter((candidate) => candidate.eventType === 'play')) {
    listIn(series, `${subjectOf(fact)}/${fact.itemId}`).push(fact);
  }
  for (const plays of series.values()) {
    const known = plays.filter((fact) => fact.progress !== null);
    if (known.length === 0) continue;
    for (const fact of plays.filter((candidate) => candidate.progress === null)) {
      const t = fact.occurredAt.getTime();
      const previous = known.filter((k) => k.occurredAt.getTime() <= t).at(-1);
      const next = known.find((k) => k.occurredAt.getTime() >= t);
      if (previous && next && next !== previous) {
        const span = next.occurredAt.getTime() - previous.occurredAt.getTime();
        const share = span === 0 ? 0 : (t - previous.occurredAt.getTime()) / span;
        fact.progress = previous.progress! + share * (next.progress! - previous.progress!);
      } else {
        // Beyond either end of what is known, the nearest known value holds.
        fact.progress = (previous ?? next)!.progress;
      }
      fact.imputed.push('progress');
      count('progress');
    }
  }
}

/** The list a map holds under `key`, made empty on first use (so appending to it stays linear). */
export function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  return list;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
