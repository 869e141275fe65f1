import { transformFile } from '@swc/core';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchTrainingInput, type BatchTrainingOutput, trainBatch } from '../models/batch-training.js';
import { seededRandom } from '../models/random.js';
import { signalBit } from '../domain/signals.js';
import { trainBatchOffThread } from './serving-model.js';

/**
 * The batch's worker thread as the worker runs it: `models/batch-training-thread.ts` and what it
 * imports, compiled by SWC as the build compiles them (ES modules, `.js` specifiers kept), run
 * through `trainBatchOffThread` on a real `Worker`, must give exactly what `trainBatch` gives inline
 * — the message protocol, the transferred typed arrays, progress and failure included. (`npm test`
 * runs the TypeScript sources, where there is no compiled entry and training runs inline.)
 */
const SOURCES = fileURLToPath(new URL('../', import.meta.url));
// Outside the repository (nothing for the linter or the build to pick up if a run dies before cleaning up):
// the models import nothing but each other, the signals' declaration and node: built-ins, and the
// package.json makes them ES modules.
const OUT = mkdtempSync(join(tmpdir(), 'zhiku-training-thread-'));
let entry: URL;

beforeAll(async () => {
  writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
  const files = [
    ...readdirSync(join(SOURCES, 'models')).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts')).map((name) => `models/${name}`),
    'domain/signals.ts',
  ];
  for (const dir of ['models', 'domain']) mkdirSync(join(OUT, dir));
  for (const file of files) {
    const { code } = await transformFile(join(SOURCES, file), {
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'es6' },
    });
    writeFileSync(join(OUT, file.replace(/\.ts$/, '.js')), code);
  }
  entry = pathToFileURL(join(OUT, 'models', 'batch-training-thread.js'));
}, 60_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

/** `users` users with 3–12 distinct items each over `items` items, skewed to the low indices; the last two items bought but unpublished. */
function input(users: number, items: number, seed: number, easeMaxWork: number): BatchTrainingInput {
  const random = seededRandom(seed);
  const pairUser: number[] = [];
  const pairItem: number[] = [];
  for (let u = 0; u < users; u++) {
    const mine = new Set<number>();
    const n = 3 + Math.floor(random() * 10);
    while (mine.size < n) mine.add(Math.floor(items * random() ** 2));
    for (const item of mine) {
      pairUser.push(u);
      pairItem.push(item);
    }
  }
  // Views, completions and high ratings of other items, so the weighted interactions cross the thread too.
  const signalUser: number[] = [];
  const signalItem: number[] = [];
  const signalMask: number[] = [];
  for (let u = 0; u < users; u += 3) {
    signalUser.push(u, u);
    signalItem.push(Math.floor(items * random()), Math.floor((items - 2) * random()));
    signalMask.push(signalBit('view'), signalBit('completion') | signalBit('high-rating'));
  }
  const published = Int32Array.from({ length: items }, (_, i) => (i < items - 2 ? i : -1));
  const terms = Array.from({ length: items - 2 }, (_, i) => [`word${i % 7}`, `word${i % 11}`, `tag:t${i % 5}`, `creator:c${i % 3}`]);
  return {
    users,
    items,
    pairUser: Int32Array.from(pairUser),
    pairItem: Int32Array.from(pairItem),
    signalUser: Int32Array.from(signalUser),
    signalItem: Int32Array.from(signalItem),
    signalMask: Int32Array.from(signalMask),
    userOrder: Int32Array.from({ length: users }, (_, u) => users - 1 - u),
    userNeighbours: 4,
    published,
    terms,
    seed: 1,
    easeMaxWork,
    neighbours: 5,
    sharedTerms: 3,
  };
}

/** The same input with its own typed arrays (the thread takes the buffers it is given). */
const copy = (of: BatchTrainingInput): BatchTrainingInput => ({
  ...of,
  pairUser: of.pairUser.slice(),
  pairItem: of.pairItem.slice(),
  signalUser: of.signalUser.slice(),
  signalItem: of.signalItem.slice(),
  signalMask: of.signalMask.slice(),
  userOrder: of.userOrder.slice(),
  published: of.published.slice(),
});

/** Every table as plain arrays, for a deep comparison that fails on any value, length or type. */
function plain(output: BatchTrainingOutput) {
  const table = (t: Record<string, unknown>) => Object.fromEntries(Object.entries(t).map(([key, value]) => [key, ArrayBuffer.isView(value) ? [value.constructor.name, ...(value as Int32Array)] : value]));
  return { name: output.name, choice: output.choice, coPurchase: table({ ...output.coPurchase }), model: table({ ...output.model }), content: table({ ...output.content }), users: table({ ...output.users }) };
}

describe('the batch training thread (compiled entry, on a real Worker)', () => {
  it.each([
    ['the EASE hybrid', 5e10, 'ease'],
    ['the sparse hybrid', 10, 'sparse'],
  ])('given %s, gives what trainBatch gives inline, with its progress, and moves the input buffers to the thread', async (_, easeMaxWork, kind) => {
    const given = input(80, 40, 7, easeMaxWork as number);
    const inline = trainBatch(copy(given), () => {});
    const progress: [number, string][] = [];
    const sent = copy(given);
    const threaded = await trainBatchOffThread(sent, (done, step) => progress.push([done, step]), entry);
    expect(threaded.choice.kind).toBe(kind);
    expect(plain(threaded)).toEqual(plain(inline));
    expect(threaded.model.neighbours.length).toBeGreaterThan(0);
    expect(threaded.coPurchase.neighbours.length).toBeGreaterThan(0);
    expect(threaded.users.neighbours.length).toBeGreaterThan(0);
    // The result came back as typed arrays (transferred, not turned into plain objects).
    expect(threaded.model.scores.constructor).toBe(inline.model.scores.constructor);
    expect(ArrayBuffer.isView(threaded.model.scores)).toBe(true);
    // Progress crossed the thread boundary, in order, up to 1, with the step named.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.map(([done]) => done)).toEqual(progress.map(([done]) => done).sort((a, b) => a - b));
    expect(progress.at(-1)![0]).toBe(1);
    expect(progress.some(([, step]) => step.startsWith('training'))).toBe(true);
    // The purchases were transferred, not copied: the caller's arrays are detached.
    expect(sent.pairUser.length).toBe(0);
    expect(sent.pairItem.length).toBe(0);
  }, 60_000);

  it('rejects with the thread\'s error when training fails there, rather than hanging', async () => {
    // An item index past the catalogue: training throws on the thread.
    const broken = { ...input(10, 12, 3, 5e10), pairItem: Int32Array.of(0, 1, 99), pairUser: Int32Array.of(0, 0, 1) };
    await expect(trainBatchOffThread(broken, () => {}, entry)).rejects.toThrow(/training failed on its thread/);
  }, 60_000);
});
