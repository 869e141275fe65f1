import { DataSource, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyRows } from '#platform';
import { serverUrl } from './support/global-setup.js';

/**
 * `copyRows`: COPY … FROM STDIN through the `pg` driver, on real PostgreSQL. What is read back must be
 * what was given, whatever the text holds (COPY's own separators and escapes, array syntax), and a
 * COPY PostgreSQL refuses must fail the call, write nothing and leave the connection usable.
 */
describe('copyRows (COPY FROM STDIN)', () => {
  let dataSource: DataSource;
  let session: QueryRunner;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: serverUrl('postgres') }).initialize();
    session = dataSource.createQueryRunner();
    await session.query(`CREATE TEMPORARY TABLE copied (id int PRIMARY KEY, label text, score float8, ids uuid[], words text[], at timestamptz, seen boolean)`);
  });

  afterAll(async () => {
    await session.release();
    await dataSource.destroy();
  });

  beforeEach(async () => {
    await session.query(`DELETE FROM copied`);
  });

  const columns = ['id', 'label', 'score', 'ids', 'words', 'at', 'seen'];

  it('given text holding tabs, newlines, backslashes, \\N and array syntax, it reads back exactly what was given', async () => {
    const hostile = ['a\tb', 'line\nnext\r\n', 'back\\slash \\N', '\\N', '{"x",y}', 'quote " and , comma', '中文 ✓ NULL', ''];
    const at = new Date('2026-11-29T01:02:03.456Z');
    const copied = await copyRows(
      session,
      'copied',
      columns,
      hostile.map((label, id) => [id, label, id / 3, ['0b3d9c52-1c4e-4f5e-9a59-5d1e9c1b2a3f'], [label, 'NULL', '', 'x'], at, id % 2 === 0]),
    );
    expect(copied).toBe(hostile.length);
    const read = await session.query(`SELECT id, label, score, ids, words, at, seen FROM copied ORDER BY id`);
    expect(read).toEqual(
      hostile.map((label, id) => ({
        id,
        label,
        score: id / 3,
        ids: ['0b3d9c52-1c4e-4f5e-9a59-5d1e9c1b2a3f'],
        words: [label, 'NULL', '', 'x'],
        at,
        seen: id % 2 === 0,
      })),
    );
  });

  it('given null, empty arrays and the floats JavaScript spells oddly, it writes NULL, {} and the same doubles', async () => {
    const floats = [0.1 + 0.2, 1e-300, 5e-324, -0, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY];
    await copyRows(session, 'copied', ['id', 'label', 'score', 'ids', 'words'], floats.map((score, id) => [id, null, score, [], id === 0 ? null : []]));
    const read: { label: null; score: number; ids: string[]; words: string[] | null }[] = await session.query(`SELECT label, score, ids, words FROM copied ORDER BY id`);
    expect(read.map((row) => row.score)).toEqual(floats);
    expect(read.every((row) => row.label === null && row.ids.length === 0)).toBe(true);
    expect(read.map((row) => row.words)).toEqual([null, ...floats.slice(1).map(() => [])]);
  });

  it('given no rows, it copies none', async () => {
    expect(await copyRows(session, 'copied', columns, [])).toBe(0);
    expect(await session.query(`SELECT count(*)::int AS n FROM copied`)).toEqual([{ n: 0 }]);
  });

  it('copies inside the session\'s transaction: a rollback takes the rows away', async () => {
    await session.startTransaction();
    await copyRows(session, 'copied', ['id', 'label'], [[1, 'kept until the rollback']]);
    expect(await session.query(`SELECT count(*)::int AS n FROM copied`)).toEqual([{ n: 1 }]);
    await session.rollbackTransaction();
    expect(await session.query(`SELECT count(*)::int AS n FROM copied`)).toEqual([{ n: 0 }]);
  });

  it('given a row PostgreSQL refuses (a duplicate key, then a value of the wrong type), it fails, writes nothing, and the connection still works', async () => {
    await expect(copyRows(session, 'copied', ['id', 'label'], [[1, 'a'], [2, 'b'], [1, 'again']])).rejects.toThrow(/duplicate key/);
    await expect(copyRows(session, 'copied', ['id', 'score'], [[1, 'not a number']])).rejects.toThrow(/invalid input syntax/);
    expect(await session.query(`SELECT count(*)::int AS n FROM copied`)).toEqual([{ n: 0 }]);
    expect(await copyRows(session, 'copied', ['id', 'label'], [[3, 'after the errors']])).toBe(1);
    expect(await session.query(`SELECT id, label FROM copied`)).toEqual([{ id: 3, label: 'after the errors' }]);
  });

  it('given a value with a tab, it cannot shift the columns after it (one field, not two)', async () => {
    await copyRows(session, 'copied', ['id', 'label', 'score'], [[7, 'x\t8', 1.5]]);
    expect(await session.query(`SELECT id, label, score FROM copied`)).toEqual([{ id: 7, label: 'x\t8', score: 1.5 }]);
  });

  it('given 30 COPYs at once on one session, they run one after another and all rows land', async () => {
    const copied = await Promise.all(Array.from({ length: 30 }, (_, at) => copyRows(session, 'copied', ['id', 'label'], [[at * 2, 'a'], [at * 2 + 1, 'b']])));
    expect(copied).toEqual(Array.from({ length: 30 }, () => 2));
    expect(await session.query(`SELECT count(DISTINCT id)::int AS n FROM copied`)).toEqual([{ n: 60 }]);
  });
});
