import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { HttpProblem } from './http-problem.js';

/** `?cursor=&limit=` of every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page\'s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor this API issued' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Keyset cursors: the sort key of the last item, opaque to clients (base64url JSON). */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** `key`: an identifier of ours or a provider's (letters, digits, `_ . : -`), compared as text. */
export type CursorField = 'timestamp' | 'uuid' | 'integer' | 'key';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * `Date.toISOString()` of a year 0001-9999: PostgreSQL refuses year 0000, and later years come
 * with a sign and six digits (`+275760-09-13T…`) that it refuses too.
 */
const ISO_TIMESTAMP = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Only what encodeCursor writes: a timestamp must come back from Date unchanged (no 2026-02-30). */
const IS: Record<CursorField, (part: unknown) => boolean> = {
  timestamp: (part) => typeof part === 'string' && ISO_TIMESTAMP.test(part) && isRoundTrip(part),
  uuid: (part) => typeof part === 'string' && UUID.test(part),
  integer: (part) => typeof part === 'number' && Number.isSafeInteger(part),
  key: (part) => typeof part === 'string' && /^[A-Za-z0-9_.:-]{1,200}$/.test(part),
};

function isRoundTrip(timestamp: string): boolean {
  const date = new Date(timestamp);
  return !Number.isNaN(date.getTime()) && date.toISOString() === timestamp;
}

/**
 * The sort key a cursor carries, checked against the shape the list sorts by, so a forged
 * cursor is a 400 and never reaches SQL as a bad cast.
 */
export function decodeCursor(cursor: string | undefined, shape: readonly CursorField[]): (string | number)[] | null {
  if (cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && shape.every((field, i) => IS[field](key[i]))) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new HttpProblem(400, 'HTTP.INVALID_CURSOR', 'The cursor is not one this API issued.', [
    { field: 'cursor', messages: ['cursor is not a cursor this API issued'] },
  ]);
}

/** Takes `limit + 1` rows, returns `limit` and a cursor when more exist. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => (string | number)[],
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
