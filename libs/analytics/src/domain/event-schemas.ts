/**
 * The behaviour events client apps may send, each type with its registered schema: which fields
 * it needs and what its `props` may hold. Ingest validates every item against it; cleansing
 * validates imported rows against the same schemas.
 */
export const CLIENT_EVENT_TYPES = ['view', 'play', 'search', 'click', 'share', 'rate'] as const;
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

type Field =
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'text'; readonly max: number };

export interface EventSchema {
  /** Whether the event is about one item (`itemId` required). */
  readonly item: boolean;
  readonly props: Readonly<Record<string, Field & { readonly required: boolean }>>;
}

const DAY_MS = 86_400_000;

export const CLIENT_EVENT_SCHEMAS: Readonly<Record<ClientEventType, EventSchema>> = {
  view: { item: true, props: { durationMs: { kind: 'int', min: 0, max: DAY_MS, required: false } } },
  play: {
    item: true,
    props: {
      positionMs: { kind: 'int', min: 0, max: 100 * DAY_MS, required: false },
      progress: { kind: 'number', min: 0, max: 1, required: false },
      durationMs: { kind: 'int', min: 0, max: DAY_MS, required: false },
    },
  },
  search: { item: false, props: { query: { kind: 'text', max: 200, required: true } } },
  // servedId: the token `GET /me/recommendations` returned with the list the item was clicked in (A/B experiments count it).
  click: { item: true, props: { target: { kind: 'text', max: 64, required: false }, servedId: { kind: 'text', max: 64, required: false } } },
  share: { item: true, props: { channel: { kind: 'text', max: 32, required: true } } },
  rate: { item: true, props: { rating: { kind: 'number', min: 1, max: 5, required: true } } },
};

export const MAX_BATCH_EVENTS = 500;
const CLIENT_EVENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENVELOPE = new Set(['clientEventId', 'type', 'occurredAt', 'itemId', 'platform', 'props']);

/** One client event as the batch carries it, once its shape is known good. */
export interface ClientEvent {
  readonly clientEventId: string;
  readonly type: ClientEventType;
  readonly occurredAt: string | number;
  readonly itemId: string | null;
  readonly platform: string | null;
  readonly props: Readonly<Record<string, string | number>>;
}

export type Validated = { readonly ok: true; readonly event: ClientEvent } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): Validated => ({ ok: false, reason });
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one item of a batch against its type's schema; the reason names the first fault. */
export function validateClientEvent(raw: unknown): Validated {
  if (!isRecord(raw)) return refuse('must be an object');
  const unknown = Object.keys(raw).filter((key) => !ENVELOPE.has(key));
  if (unknown.length > 0) return refuse(`unknown field: ${unknown[0]}`);
  const { clientEventId, type, occurredAt, itemId, platform, props = {} } = raw;
  if (typeof clientEventId !== 'string' || !CLIENT_EVENT_ID.test(clientEventId)) {
    return refuse('clientEventId must be 1 to 64 letters, digits or . _ : -');
  }
  if (typeof type !== 'string' || !(CLIENT_EVENT_TYPES as readonly string[]).includes(type)) {
    return refuse(`type must be one of ${CLIENT_EVENT_TYPES.join(', ')}`);
  }
  if (typeof occurredAt !== 'string' && typeof occurredAt !== 'number') return refuse('occurredAt is required');
  if (typeof occurredAt === 'string' && occurredAt.length > 40) return refuse('occurredAt is too long');
  const schema = CLIENT_EVENT_SCHEMAS[type as ClientEventType];
  if (schema.item && (typeof itemId !== 'string' || !UUID.test(itemId))) return refuse(`a ${type} event needs an itemId (UUID)`);
  if (!schema.item && itemId !== undefined) return refuse(`a ${type} event has no itemId`);
  if (platform !== undefined && (typeof platform !== 'string' || platform.length > 32)) return refuse('platform must be text of up to 32 characters');
  if (!isRecord(props)) return refuse('props must be an object');
  const checked: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(props)) {
    const field = schema.props[name];
    if (!field) return refuse(`a ${type} event has no prop ${name}`);
    const fault = faultOf(field, value);
    if (fault) return refuse(`props.${name} ${fault}`);
    checked[name] = value as string | number;
  }
  const missing = Object.entries(schema.props).find(([name, field]) => field.required && !(name in checked));
  if (missing) return refuse(`a ${type} event needs props.${missing[0]}`);
  return {
    ok: true,
    event: {
      clientEventId,
      type: type as ClientEventType,
      occurredAt,
      itemId: schema.item ? (itemId as string).toLowerCase() : null,
      platform: (platform as string | undefined) ?? null,
      props: checked,
    },
  };
}

function faultOf(field: Field, value: unknown): string | null {
  if (field.kind === 'text') {
    return typeof value === 'string' && value.trim().length > 0 && value.length <= field.max ? null : `must be text of 1 to ${field.max} characters`;
  }
  const number = typeof value === 'number' && Number.isFinite(value) && (field.kind === 'number' || Number.isInteger(value));
  return number && (value as number) >= field.min && (value as number) <= field.max
    ? null
    : `must be ${field.kind === 'int' ? 'an integer' : 'a number'} from ${field.min} to ${field.max}`;
}
