import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import { type FieldError, HttpProblem } from './http-problem.js';

/** How much structure a request may carry before anything validates, transforms or stores it. */
export interface InputLimits {
  /** Objects and arrays nested in each other; the deepest body we accept (a content's lessons) has 3. */
  readonly maxDepth: number;
  /**
   * Object keys plus array elements of path params, query and body together. The largest body we
   * accept, a content with 10 tags and 200 lessons, has 817.
   */
  readonly maxMembers: number;
}

export const INPUT_LIMITS: InputLimits = { maxDepth: 32, maxMembers: 2_000 };

/**
 * A route whose body is a batch (500 behaviour events) may carry more members than a form: it
 * says how many here, and the check before validation applies its limits instead of the default.
 */
export const InputLimitsOf = (limits: InputLimits): MethodDecorator => RouteConfig({ inputLimits: limits });

/** The limits a route's Fastify config carries (declared with InputLimitsOf), else the default. */
export function inputLimitsOf(routeConfig: unknown): InputLimits {
  return (routeConfig as { inputLimits?: InputLimits } | undefined)?.inputLimits ?? INPUT_LIMITS;
}

/** The limits a route handler declared, read from its metadata (for documents and probes). */
export function declaredInputLimits(handler: object): InputLimits {
  return inputLimitsOf(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler));
}

/** What a request carries as Fastify parsed it, and its raw target (for the query as sent). */
export interface RequestInput {
  readonly body: unknown;
  readonly query: unknown;
  readonly params: unknown;
  readonly url: string;
}

interface Pending {
  readonly value: unknown;
  readonly field: string;
  /** The object key `value` sits under (checked too), or null for array elements and the roots. */
  readonly key: string | null;
  /** Objects and arrays enclosing `value`. */
  readonly depth: number;
}

const NUL = '\u0000';
/** With the `u` flag a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What PostgreSQL cannot store: NUL (text rejects it, and so does jsonb's `\u0000`) and unpaired
 * UTF-16 surrogates (not Unicode, so not encodable as UTF-8).
 */
function flawOf(text: string): string | null {
  if (text.includes(NUL)) return 'must not contain NUL (U+0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}

/** A field path fit to print and to log: the offending characters become U+FFFD. */
const printable = (text: string): string => text.replaceAll(NUL, '\uFFFD').replace(/\p{Cs}/gu, '\uFFFD');

const join = (parent: string, key: string | number): string => (parent === '' ? String(key) : `${parent}.${key}`);

/**
 * One pass over everything a request carries, before guards, pipes and handlers see it: path
 * params, query and parsed body. Refuses, as a 400 problem:
 * - nesting deeper than `maxDepth`, and more than `maxMembers` keys and elements, cheaply: the
 *   walk stops there, before class-transformer recurses or class-validator lists every key;
 * - NUL or an unpaired surrogate in any string or object key, and query text that is not
 *   percent-encoded UTF-8, naming each field as the validation pipe does (`lessons.0.title`;
 *   query and path params by name).
 * Iterative on purpose: a body nested 100,000 deep must not overflow the stack that checks it.
 */
export function findInputProblem(input: RequestInput, limits: InputLimits = INPUT_LIMITS): HttpProblem | null {
  const flaws: FieldError[] = undecodableQueryParams(input.url);
  // Taken from the end: path params first, then the query, then the body.
  const pending: Pending[] = [input.body, input.query, input.params].map((value) => ({ value, field: '', key: null, depth: 0 }));
  let members = 0;

  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, field, key, depth } = next;
    const keyFlaw = key === null ? null : flawOf(key);
    if (keyFlaw) flaws.push({ field: printable(field), messages: [`field name ${keyFlaw}`] });
    if (typeof value === 'string') {
      const flaw = flawOf(value);
      if (flaw) flaws.push({ field: field === '' ? 'body' : printable(field), messages: [`text ${flaw}`] });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) return tooDeep(printable(field), limits.maxDepth);

    // Counted before anything is copied: 36,000 keys are refused for the price of Object.keys.
    // Children are pushed last to first, so fields are reported in document order.
    if (Array.isArray(value)) {
      members += value.length;
      if (members > limits.maxMembers) return tooManyMembers(limits.maxMembers);
      for (let index = value.length - 1; index >= 0; index--) {
        pending.push({ value: value[index], field: join(field, index), key: null, depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(value);
    members += keys.length;
    if (members > limits.maxMembers) return tooManyMembers(limits.maxMembers);
    for (let index = keys.length - 1; index >= 0; index--) {
      const child = keys[index];
      pending.push({ value: (value as Record<string, unknown>)[child], field: join(field, child), key: child, depth: depth + 1 });
    }
  }

  if (flaws.length === 0) return null;
  return HttpProblem.forFields(400, 'HTTP.INVALID_TEXT', 'Some text is not storable Unicode text.', flaws);
}

/**
 * Query parameters whose name or value is not percent-encoded UTF-8. The query parser keeps such
 * text undecoded (`%ED%A0%80`, the encoding of a lone surrogate, stays those nine characters), so
 * a search would quietly look for the literal; we refuse it instead.
 */
function undecodableQueryParams(url: string): FieldError[] {
  const start = url.indexOf('?');
  if (start === -1 || !url.includes('%', start)) return [];
  const flaws: FieldError[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const name = decodeQueryText(rawName);
    if (name === null || (equals !== -1 && decodeQueryText(pair.slice(equals + 1)) === null)) {
      flaws.push({ field: name === null ? rawName : printable(name), messages: ['text must be percent-encoded UTF-8'] });
    }
  }
  return flaws;
}

function decodeQueryText(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

function tooDeep(field: string, maxDepth: number): HttpProblem {
  return HttpProblem.forFields(400, 'HTTP.INPUT_TOO_DEEP', `The input nests objects and arrays deeper than ${maxDepth} levels.`, [
    { field, messages: [`nesting must not exceed ${maxDepth} levels`] },
  ]);
}

function tooManyMembers(maxMembers: number): HttpProblem {
  return new HttpProblem(
    400,
    'HTTP.INPUT_TOO_LARGE',
    `The input has more than ${maxMembers} fields and array elements in all; send at most ${maxMembers}.`,
  );
}
