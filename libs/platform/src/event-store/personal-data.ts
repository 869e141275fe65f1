import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * Which members of an event's data are a person's data (crypto-shredding): `subject` names the
 * member holding the person's id, `fields` the dotted paths of their data. Those are stored sealed
 * with that person's own key; when the key is deleted (the person erased their account), they read
 * as ERASED while the events themselves stay whole, replayable and audited.
 */
export interface PersonalDataSpec {
  readonly subject: string;
  readonly fields: readonly string[];
}

/** Keeps one key per person; the identity domain provides it, the platform knows no user. */
export interface PersonalDataVault {
  /** Seals each value with the subject's key (made on first use, in `manager`'s transaction). */
  seal(subjectId: string, values: readonly string[], manager: EntityManager): Promise<string[]>;
  /** Opens each sealed value; all null once the subject's key is gone. */
  open(subjectId: string, sealed: readonly string[], manager: EntityManager): Promise<(string | null)[]>;
}

/** Marks the provider that is the PersonalDataVault; the EventStore finds it at start. */
export const ProvidesPersonalData = DiscoveryService.createDecorator<void>();

/** What a person's data reads as once their key is deleted. */
export const ERASED = '[erased]';
/** Stored sealed values start with this. */
export const SEALED_PREFIX = 'sealed:v1:';

/**
 * Where an event came from (the client's address and User-Agent in its metadata) is the requester's
 * personal data, sealed with their key like the data of `personalData` fields: the actor's, or, when
 * no one was signed in, the person the request was about (`personId`: a sign-up, an email
 * verification, a password reset). An event with neither (a sign-in attempt, a provider's webhook, a
 * job) has no key to seal with: its address stays in clear, the security record that anomaly
 * detection groups by.
 */
export const ACTOR_PERSONAL_DATA: PersonalDataSpec = { subject: 'actorId', fields: ['clientIp', 'userAgent'] };
const PERSON_PERSONAL_DATA: PersonalDataSpec = { subject: 'personId', fields: ['clientIp', 'userAgent'] };

/** Whose key seals (and opens) a metadata's address and User-Agent: the actor's, else the person's the request was about. */
export const requesterPersonalData = (metadata: { actorId: string | null; personId?: string }): PersonalDataSpec =>
  metadata.actorId === null && metadata.personId ? PERSON_PERSONAL_DATA : ACTOR_PERSONAL_DATA;

const get = (data: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), data);

function set(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...data, [head]: value };
  return { ...data, [head]: set((data[head] as Record<string, unknown>) ?? {}, rest.join('.'), value) };
}

/** A copy of `data` with every string at the spec's paths sealed (others, null or absent, as they are). */
export async function sealPersonalData(
  data: Record<string, unknown>,
  spec: PersonalDataSpec,
  vault: PersonalDataVault,
  manager: EntityManager,
): Promise<Record<string, unknown>> {
  const subject = data[spec.subject];
  const paths = spec.fields.filter((path) => typeof get(data, path) === 'string');
  if (typeof subject !== 'string' || paths.length === 0) return data;
  const sealed = await vault.seal(subject, paths.map((path) => get(data, path) as string), manager);
  return paths.reduce((copy, path, i) => set(copy, path, `${SEALED_PREFIX}${sealed[i]}`), data);
}

/** A copy of `data` with every sealed value opened, or ERASED where the key is gone. Values stored in clear (older events) stay. */
export async function openPersonalData(
  data: Record<string, unknown>,
  spec: PersonalDataSpec,
  vault: PersonalDataVault,
  manager: EntityManager,
): Promise<Record<string, unknown>> {
  const subject = data[spec.subject];
  const paths = spec.fields.filter((path) => String(get(data, path)).startsWith(SEALED_PREFIX));
  if (typeof subject !== 'string' || paths.length === 0) return data;
  const opened = await vault.open(subject, paths.map((path) => (get(data, path) as string).slice(SEALED_PREFIX.length)), manager);
  return paths.reduce((copy, path, i) => set(copy, path, opened[i] ?? ERASED), data);
}

/** A copy of `data` without its sealed members (at any depth): what leaves the platform carries no one's personal data. */
export function withoutSealedValues(data: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' && value.startsWith(SEALED_PREFIX)) continue;
    kept[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? withoutSealedValues(value as Record<string, unknown>) : value;
  }
  return kept;
}
