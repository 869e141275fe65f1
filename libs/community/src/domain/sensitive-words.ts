/**
 * Sensitive-word matching (Aho–Corasick) that a light disguise does not defeat. Text and words are
 * folded the same way before matching: each character through NFKC (full-width → half-width,
 * compatibility forms → their plain letters) and lower case; then only letters and digits are
 * kept, so spaces, punctuation, symbols, combining marks and zero-width characters put between
 * the characters of a word do not hide it ("傻 逼", "傻*逼", "ＦＵＣＫ").
 *
 * Words in scripts written with spaces (Latin, Cyrillic, …) match only as whole words: a match
 * whose edge touches a letter of the same word ("class" for "ass") is no match. Chinese, Japanese
 * and Korean have no spaces, so their words match anywhere.
 */
export interface WordMatch {
  /** The word as the list spells it. */
  word: string;
  /** Where the match is in the text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
}

interface FoldedChar {
  char: string;
  start: number;
  end: number;
}

const KEPT = /[\p{L}\p{N}]/u;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The letters and digits of `text`, folded, each with the span of the original it came from. */
export function foldText(text: string): FoldedChar[] {
  const folded: FoldedChar[] = [];
  let start = 0;
  for (const original of text) {
    const end = start + original.length;
    for (const char of original.normalize('NFKC').toLowerCase()) {
      if (KEPT.test(char)) folded.push({ char, start, end });
    }
    start = end;
  }
  return folded;
}

/** The words of a list file: one a line, `#` starts a comment, blank lines and repeats are skipped. */
export function parseWordList(source: string): string[] {
  const words = source
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
  return [...new Set(words)];
}

interface Node {
  next: Map<string, number>;
  fail: number;
  /** Indexes of the words that end here, including those ending at its fail chain. */
  words: number[];
}

export class WordFilter {
  private constructor(
    private readonly words: readonly { word: string; length: number }[],
    private readonly nodes: readonly Node[],
  ) {}

  /** A filter of these words; a word with no letter or digit could never match and is left out. */
  static of(list: readonly string[]): WordFilter {
    const nodes: Node[] = [{ next: new Map(), fail: 0, words: [] }];
    const words: { word: string; length: number }[] = [];
    for (const word of list) {
      const chars = foldText(word).map((folded) => folded.char);
      if (chars.length === 0) continue;
      let node = 0;
      for (const char of chars) {
        let child = nodes[node]!.next.get(char);
        if (child === undefined) {
          child = nodes.push({ next: new Map(), fail: 0, words: [] }) - 1;
          nodes[node]!.next.set(char, child);
        }
        node = child;
      }
      nodes[node]!.words.push(words.push({ word, length: chars.length }) - 1);
    }
    // Breadth first, so a node's fail link (its longest proper suffix in the trie) is complete before its children's.
    const queue = [...nodes[0]!.next.values()];
    for (let head = 0; head < queue.length; head++) {
      const parent = nodes[queue[head]!]!;
      for (const [char, child] of parent.next) {
        let fail = parent.fail;
        while (fail !== 0 && !nodes[fail]!.next.has(char)) fail = nodes[fail]!.fail;
        nodes[child]!.fail = nodes[fail]!.next.get(char) ?? 0;
        nodes[child]!.words.push(...nodes[nodes[child]!.fail]!.words);
        queue.push(child);
      }
    }
    return new WordFilter(words, nodes);
  }

  /** How many words the filter knows. */
  get size(): number {
    return this.words.length;
  }

  /** Every match in the text, in the order they end. */
  find(text: string): WordMatch[] {
    const folded = foldText(text);
    const matches: WordMatch[] = [];
    let node = 0;
    folded.forEach(({ char }, at) => {
      while (node !== 0 && !this.nodes[node]!.next.has(char)) node = this.nodes[node]!.fail;
      node = this.nodes[node]!.next.get(char) ?? 0;
      for (const index of this.nodes[node]!.words) {
        const { word, length } = this.words[index]!;
        const first = at - length + 1;
        if (insideLargerWord(folded, first, at)) continue;
        matches.push({ word, start: folded[first]!.start, end: folded[at]!.end });
      }
    });
    return matches;
  }

  /** The listed words the text contains, each once, in the order first found. */
  matches(text: string): string[] {
    return [...new Set(this.find(text).map((match) => match.word))];
  }
}

/** A spaced-script edge of a match that runs on, with nothing between, into another letter of such a script. */
function insideLargerWord(folded: readonly FoldedChar[], first: number, last: number): boolean {
  const spaced = (char: string) => !UNSPACED.test(char);
  const start = folded[first]!;
  const end = folded[last]!;
  const before = folded[first - 1];
  const after = folded[last + 1];
  // Touching: nothing between them in the text (or both came from one character, like "ﬁ").
  const runsOnBefore = before !== undefined && before.end >= start.start && spaced(before.char) && spaced(start.char);
  const runsOnAfter = after !== undefined && after.start <= end.end && spaced(after.char) && spaced(end.char);
  return runsOnBefore || runsOnAfter;
}
