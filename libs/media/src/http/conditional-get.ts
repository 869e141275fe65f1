/** What identifies the stored bytes a response carries (RFC 9110 §8.8): a strong entity tag and when they were written. */
export interface Validators {
  /** Strong and quoted (`"…"`): it changes whenever the bytes do. */
  readonly etag: string;
  readonly lastModified: Date;
}

/** HTTP dates have whole seconds: a Last-Modified is compared as it was sent. */
const toSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The entity tags of an `If-None-Match` / `If-Match` list (`*` kept as is), each as sent, weak ones with their `W/`. */
function entityTags(header: string): string[] {
  return header.match(/\*|(?:W\/)?"[^"]*"/g) ?? [];
}

/**
 * Whether a GET or HEAD is answered 304 Not Modified (RFC 9110 §13.1.2, §13.1.3, §13.2.2): the
 * client's `If-None-Match` holds the current entity tag (weak comparison) or `*`; only without an
 * `If-None-Match`, an `If-Modified-Since` (a valid date) not older than the Last-Modified.
 */
export function notModified(headers: { 'if-none-match'?: string; 'if-modified-since'?: string }, current: Validators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const opaque = current.etag.replace(/^W\//, '');
    return entityTags(noneMatch).some((tag) => tag === '*' || tag.replace(/^W\//, '') === opaque);
  }
  const since = headers['if-modified-since'] === undefined ? Number.NaN : Date.parse(headers['if-modified-since']);
  return !Number.isNaN(since) && toSeconds(current.lastModified) <= Math.floor(since / 1000);
}

/**
 * Whether a `Range` may be used (RFC 9110 §13.1.5): always without `If-Range`; with one, only when it
 * names exactly the current representation: the same strong entity tag (a weak one never matches),
 * or exactly its Last-Modified date. Otherwise the whole, new body is sent (200).
 */
export function rangeApplies(ifRange: string | undefined, current: Validators): boolean {
  if (ifRange === undefined) return true;
  const validator = ifRange.trim();
  if (validator.startsWith('"') || validator.startsWith('W/')) return !validator.startsWith('W/') && validator === current.etag;
  const date = Date.parse(validator);
  return !Number.isNaN(date) && Math.floor(date / 1000) === toSeconds(current.lastModified);
}
