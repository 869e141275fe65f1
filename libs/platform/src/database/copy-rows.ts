import type { Connection, Submittable } from 'pg';
import type { QueryRunner } from 'typeorm';

/** The copy-in messages of the driver's connection (pg 8 has them; its type declarations do not list them). */
interface CopyInConnection extends Connection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** One column's value in a row to copy: null is SQL NULL, an array a PostgreSQL array of its elements. */
export type CopyValue = string | number | boolean | Date | null | readonly (string | number)[];

/**
 * Writes `rows` into `table` with one `COPY … FROM STDIN` on the session's connection (inside its
 * transaction when one is open), and answers how many rows PostgreSQL wrote. For many rows a COPY
 * costs far less than an INSERT of the same rows as array parameters: no parameter arrays to build
 * and unnest, one pass of PostgreSQL's input functions.
 *
 * Speaks the copy-in subprotocol through the `pg` driver's own messages (CopyData, CopyDone), the
 * way pg-copy-streams does, without that dependency: the rows of one call are already in memory, so
 * they are sent as one buffer rather than streamed. `table` and `columns` are SQL identifiers written
 * by the caller, never input.
 */
export async function copyRows(session: QueryRunner, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  let text = '';
  for (const row of rows) text += row.map(copyField).join('\t') + '\n';
  const client = (await session.connect()) as { query(submittable: Submittable): unknown };
  return new Promise<number>((resolve, reject) => {
    client.query(new CopyFromBuffer(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, Buffer.from(text, 'utf8'), resolve, reject));
  });
}

/**
 * A query the `pg` client runs like its own: it sends the COPY statement, answers PostgreSQL's
 * CopyInResponse with the data and CopyDone, and settles when the server is ready again (or at the
 * error it reports: bad data, a constraint, an aborted transaction).
 */
class CopyFromBuffer implements Submittable {
  private copied = 0;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly resolve: (copied: number) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyInConnection): void {
    if (this.data.length > 0) connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text: string }): void {
    // "COPY <rows>"
    this.copied = Number(message.text.split(' ').at(-1));
  }

  handleReadyForQuery(): void {
    this.resolve(this.copied);
  }

  handleError(error: Error): void {
    this.reject(error);
  }

  // The client hands every message of the active query to it; a COPY FROM sends none of these.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

/** A value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped. */
function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (Array.isArray(value)) return escapeCopyText(`{${value.map(arrayElement).join(',')}}`);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return numberText(value);
  return escapeCopyText(String(value));
}

/** A number as PostgreSQL reads it back to the same double: String() gives the shortest exact form, but "0" for −0. */
function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** An array element, double-quoted with its quotes and backslashes escaped (numbers as they are). */
function arrayElement(element: string | number): string {
  if (typeof element === 'number') return numberText(element);
  return `"${element.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

function escapeCopyText(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character]!);
}
