/**
 * Offline evaluation of the recommendation models (`npm run reco:eval`): the same model code the
 * worker trains, on a ratings file split per user, or on a given train/test pair. Prints JSON.
 *
 *   npm run reco:eval -- --ratings FILE [--books FILE [--genres FILE]] [--seed N] [--models a,b]
 *   npm run reco:eval -- --train FILE --test FILE [--books FILE [--genres FILE]] [--models a,b]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { itemTerms } from '../content/terms.js';
import { evaluationModels } from '../models/catalogue.js';
import { evaluate, evaluationData, type ModelReport, type Rating, splitPerUser } from '../models/evaluation.js';
import { csvRecords } from './csv.js';

function readRatings(file: string): Rating[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = lines[0]!.split(',').map((cell) => cell.trim());
  if (header.join(',') !== 'user_id,book_id,rating') throw new Error(`${file}: expected the header user_id,book_id,rating`);
  const ratings: Rating[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const [user, item, rating] = line.split(',');
    const value = Number(rating);
    if (!user || !item || !Number.isFinite(value)) throw new Error(`${file}: bad line «${line}»`);
    ratings.push({ user, item, rating: value });
  }
  return ratings;
}

/**
 * Each book's terms: the words of its title (and original title), its authors as creators, and
 * its genres (book_genres.csv, a comma list per book) as tags.
 */
function bookTerms(booksFile: string, genresFile: string | undefined): Map<string, string[]> {
  const genres = new Map<string, string[]>();
  if (genresFile) {
    for (const row of csvRecords(readFileSync(genresFile, 'utf8'))) genres.set(row.book_id!, row.genres!.split(',').filter(Boolean));
  }
  const terms = new Map<string, string[]>();
  for (const book of csvRecords(readFileSync(booksFile, 'utf8'))) {
    const authors = book.authors!.split(',').map((author) => author.trim()).filter(Boolean);
    terms.set(book.book_id!, [
      ...itemTerms({ title: `${book.title} ${book.original_title === book.title ? '' : book.original_title}`, tags: genres.get(book.book_id!) }),
      ...authors.map((author) => `creator:${author.toLowerCase()}`),
    ]);
  }
  return terms;
}

export interface EvaluationOutput {
  readonly protocol: Record<string, unknown>;
  readonly data: Record<string, number>;
  readonly models: ModelReport[];
  /** The model with the highest precision@10. */
  readonly best: string;
}

/** What the command prints, for its arguments; progress lines go to `log`. */
export function recoEval(args: string[], log: (line: string) => void = () => undefined): EvaluationOutput {
  const { values } = parseArgs({
    args,
    options: {
      ratings: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      books: { type: 'string' },
      genres: { type: 'string' },
      seed: { type: 'string', default: '42' },
      models: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed takes an integer');
  let split: { train: Rating[]; test: Rating[] };
  let protocol: Record<string, unknown>;
  if (values.ratings && !values.train && !values.test) {
    split = splitPerUser(readRatings(values.ratings), seed);
    protocol = { ratings: values.ratings, seed, split: 'per user, seeded, 80/20' };
  } else if (values.train && values.test && !values.ratings) {
    split = { train: readRatings(values.train), test: readRatings(values.test) };
    protocol = { train: values.train, test: values.test };
  } else {
    throw new Error('give either --ratings FILE, or --train FILE and --test FILE');
  }
  const data = evaluationData(split.train, split.test);
  const wanted = values.models?.split(',');
  // book_genres.csv beside books.csv is read without being named.
  const genres = values.genres ?? (values.books && [join(dirname(values.books), 'book_genres.csv')].find(existsSync));
  const terms = values.books ? bookTerms(values.books, genres) : undefined;
  const termsOf = terms && ((item: number) => terms.get(data.itemIds[item]!) ?? []);
  const models = evaluationModels({ seed, termsOf }).filter((spec) => !wanted || wanted.some((name) => spec.name.startsWith(name)));
  if (models.length === 0) throw new Error(`--models ${values.models} names no model`);
  const results: ModelReport[] = [];
  for (const spec of models) {
    const report = evaluate(spec, data);
    results.push(report);
    log(JSON.stringify(report));
  }
  const best = results.reduce((a, b) => (b.precisionAt10 > a.precisionAt10 ? b : a));
  return {
    protocol: { ...protocol, positives: 'held-out ratings >= 4', cutoff: 10, trainingItemsExcluded: true },
    data: { trainRatings: split.train.length, testRatings: split.test.length, users: data.interactions.users, items: data.interactions.items, evaluatedUsers: best.users },
    models: results,
    best: best.model,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const output = recoEval(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}
