import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
const segmenter = (): Jieba => (jieba ??= Jieba.withDict(dict));

/** Runs of Han characters, and runs of other letters and digits; everything else (punctuation, emoji, NUL, tsquery operators) separates words. */
const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;

/** Longest query text looked at: enough for any real query, and it bounds the work a 10k-character one can cause. */
export const MAX_QUERY_CHARS = 200;

function segment(text: string, forIndex: boolean): string[] {
  const words: string[] = [];
  for (const run of text.toLowerCase().match(RUNS) ?? []) {
    if (!HAN.test(run)) {
      words.push(run);
      continue;
    }
    // For the index, jieba's search mode adds the shorter words inside long ones (数据分析 → 数据, 分析, 数据分析),
    // so a query for any of them finds it; a query is cut into its longest words.
    const cut = forIndex ? segmenter().cutForSearch(run, true) : segmenter().cut(run, true);
    for (const word of cut) if (word.trim()) words.push(word);
  }
  return words;
}

/** The words a document field is indexed under: letters and digits only, lower-cased, space-separated. */
export function indexWords(text: string): string {
  return segment(text, true).join(' ');
}

/** The words of what a user typed, each made only of letters and digits (so safe inside a tsquery), without repeats. */
export function queryWords(text: string): string[] {
  return [...new Set(segment(text.slice(0, MAX_QUERY_CHARS), false))];
}

/** The text a trigram match compares: letters, digits and single spaces only, lower-cased. */
export function fuzzyText(text: string): string {
  return (text.toLowerCase().match(RUNS) ?? []).join(' ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/**
 * `text` as HTML-escaped text with each occurrence of a word wrapped in <mark>…</mark>, cut to about
 * `width` characters around the first occurrence (… marks a cut). Null when no word occurs.
 */
export function highlight(text: string, words: readonly string[], width = Number.POSITIVE_INFINITY): string | null {
  const lower = text.toLowerCase();
  const marks: [number, number][] = [];
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    for (let at = lower.indexOf(word); at >= 0 && word; at = lower.indexOf(word, at + word.length)) {
      const end = at + word.length;
      if (!marks.some(([from, to]) => at < to && end > from)) marks.push([at, end]);
    }
  }
  if (marks.length === 0) return null;
  marks.sort((a, b) => a[0] - b[0]);
  const start = Math.max(0, Math.min(marks[0]![0] - Math.floor(width / 4), text.length - width));
  const stop = Math.min(text.length, start + width);
  let html = start > 0 ? '…' : '';
  let at = start;
  for (const [from, to] of marks) {
    if (from < at || to > stop) continue;
    html += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`;
    at = to;
  }
  return html + escapeHtml(text.slice(at, stop)) + (stop < text.length ? '…' : '');
}
