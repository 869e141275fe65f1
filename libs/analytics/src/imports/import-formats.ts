import { parse as parseCsv } from 'csv-parse';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import sax from 'sax';

export const IMPORT_FORMATS = ['csv', 'jsonl', 'xml'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * The fields an import row may carry, by the same names in every format: CSV columns, JSON Lines
 * keys, child elements of each `<event>` in XML. Values stay as written; cleansing reads them.
 */
export const IMPORT_FIELDS = [
  'event_id',
  'type',
  'user_id',
  'device_id',
  'item_id',
  'occurred_at',
  'time_zone',
  'platform',
  'duration_ms',
  'progress',
  'rating',
  'query',
  'channel',
  'amount_cents',
  'currency',
] as const;
export type ImportRecord = Partial<Record<(typeof IMPORT_FIELDS)[number], unknown>> | { readonly unreadable: string };

/** Records as the stream gives them, one at a time, whatever the file's size. */
export function readImport(input: Readable, format: ImportFormat): AsyncIterable<ImportRecord> {
  if (format === 'csv') return input.pipe(parseCsv({ columns: true, skip_empty_lines: true, trim: false, relax_column_count: true, bom: true }));
  if (format === 'jsonl') return readJsonLines(input);
  return readXml(input);
}

async function* readJsonLines(input: Readable): AsyncIterable<ImportRecord> {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      yield typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ImportRecord) : { unreadable: line.slice(0, 500) };
    } catch {
      yield { unreadable: line.slice(0, 500) };
    }
  }
}

/** `<activity><event><event_id>…</event_id><type>view</type>…</event>…</activity>`, streamed with sax. */
async function* readXml(input: Readable): AsyncIterable<ImportRecord> {
  const parser = sax.parser(true, { trim: false });
  const ready: ImportRecord[] = [];
  let record: Record<string, string> | null = null;
  let field: string | null = null;
  let failure: Error | null = null;
  parser.onopentag = (tag) => {
    if (tag.name === 'event') record = {};
    else if (record) field = tag.name;
  };
  const text = (value: string) => {
    if (record && field) record[field] = (record[field] ?? '') + value;
  };
  parser.ontext = text;
  parser.oncdata = text;
  parser.onclosetag = (name) => {
    if (name === 'event' && record) {
      ready.push(record);
      record = null;
    }
    field = null;
  };
  parser.onerror = (error) => {
    failure = error;
  };
  for await (const chunk of input) {
    parser.write(String(chunk));
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  parser.close();
  if (failure) throw failure;
  yield* ready.splice(0);
}
