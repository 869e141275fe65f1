import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldText, parseWordList, WordFilter } from './sensitive-words.js';

const filter = WordFilter.of(['傻逼', '加微信', 'fuck', 'ass', 'crypto giveaway', '六合彩']);

describe('sensitive words: matching', () => {
  it('finds listed Chinese and English words, with where they are', () => {
    expect(filter.find('你个傻逼')).toEqual([{ word: '傻逼', start: 2, end: 4 }]);
    expect(filter.find('what the fuck')).toEqual([{ word: 'fuck', start: 9, end: 13 }]);
    expect(filter.matches('想要资料加微信，fuck')).toEqual(['加微信', 'fuck']);
    expect(filter.matches('一切正常，学到很多')).toEqual([]);
    expect(filter.matches('')).toEqual([]);
  });
  it('folds case, full-width forms and NFKC compatibility characters', () => {
    expect(filter.matches('FUCK')).toEqual(['fuck']);
    expect(filter.matches('ＦＵＣＫ this')).toEqual(['fuck']);
    expect(filter.matches('ｆｕｃｋ')).toEqual(['fuck']);
    expect(filter.matches('⑥合彩')).toEqual([]);
    expect(WordFilter.of(['ﬁle']).matches('FILE')).toEqual(['ﬁle']);
  });
  it('sees through spaces, punctuation, symbols and zero-width characters put between Chinese characters', () => {
    for (const text of ['傻 逼', '傻*逼', '傻。逼', '傻\u200b逼', '傻 - 逼', '加 微 信', '加.微.信', '加，微，信', '傻\n逼', '傻😀逼']) {
      expect(filter.matches(text), text).toEqual([text.includes('傻') ? '傻逼' : '加微信']);
    }
    expect(filter.find('傻 . 逼')).toEqual([{ word: '傻逼', start: 0, end: 5 }]);
  });
  it('matches Latin words as whole words only, spaced or not', () => {
    expect(filter.matches('first class assignment')).toEqual([]);
    expect(filter.matches('a bass player')).toEqual([]);
    expect(filter.matches('you ass!')).toEqual(['ass']);
    expect(filter.matches('ass, then')).toEqual(['ass']);
    expect(filter.matches('f.u.c.k off')).toEqual(['fuck']);
    expect(filter.matches('crypto  giveaway now')).toEqual(['crypto giveaway']);
    expect(filter.matches('cryptogiveaway')).toEqual(['crypto giveaway']);
    expect(filter.matches('fucking')).toEqual([]);
    expect(filter.matches('unfuck')).toEqual([]);
  });
  it('matches a Latin word right against Chinese text', () => {
    expect(filter.matches('你真是ass啊')).toEqual(['ass']);
    expect(filter.matches('傻逼ass')).toEqual(['傻逼', 'ass']);
  });
  it('finds overlapping words and words inside words (through the failure links)', () => {
    const overlapping = WordFilter.of(['he', 'she', 'his', 'hers', '代开', '代开发票', '开发']);
    expect(overlapping.find('代开发票').map((match) => match.word)).toEqual(['代开', '开发', '代开发票']);
    const nested = WordFilter.of(['甲乙丙丁', '乙丙', '乙丙戊']);
    expect(nested.find('甲乙丙戊').map((match) => match.word)).toEqual(['乙丙', '乙丙戊']);
    const chinese = WordFilter.of(['毒品', '品']);
    expect(chinese.find('毒品').map((match) => match.word)).toEqual(['毒品', '品']);
    const retry = WordFilter.of(['甲甲乙', '甲乙']);
    expect(retry.find('甲甲甲乙')).toEqual([
      { word: '甲甲乙', start: 1, end: 4 },
      { word: '甲乙', start: 2, end: 4 },
    ]);
    // A Latin word inside a longer one is no match, however the automaton reached it.
    expect(WordFilter.of(['abcd', 'bc', 'bcx']).find('abcx')).toEqual([]);
    expect(WordFilter.of(['abcd', 'bc', 'bcx']).matches('a bcx')).toEqual(['bcx']);
  });
  it('counts the words it knows, leaving out those with no letter or digit', () => {
    expect(WordFilter.of(['a', '!!!', ' ', 'b']).size).toBe(2);
    expect(WordFilter.of([]).find('anything')).toEqual([]);
  });
});

describe('sensitive words: folding', () => {
  it('keeps letters and digits, folded, with the span of the character each came from', () => {
    expect(foldText('Ａ-b 1')).toEqual([
      { char: 'a', start: 0, end: 1 },
      { char: 'b', start: 2, end: 3 },
      { char: '1', start: 4, end: 5 },
    ]);
    expect(foldText('😀x')).toEqual([{ char: 'x', start: 2, end: 3 }]);
    expect(foldText('ﬁ')).toEqual([
      { char: 'f', start: 0, end: 1 },
      { char: 'i', start: 0, end: 1 },
    ]);
    expect(foldText('é')).toEqual([{ char: 'é', start: 0, end: 1 }]);
  });
});

describe('sensitive words: the list file', () => {
  it('reads one word a line, skipping comments, blank lines and repeats', () => {
    expect(parseWordList('# header\n傻逼\n\n  fuck  # English\r\nfuck\n#only a comment\n加微信')).toEqual(['傻逼', 'fuck', '加微信']);
  });
  it('ships a list in the repository whose every word is found by the filter built from it', () => {
    const words = parseWordList(readFileSync(new URL('../../word-lists/sensitive-words.txt', import.meta.url), 'utf8'));
    expect(words.length).toBeGreaterThan(30);
    expect(words.some((word) => /\p{Script=Han}/u.test(word))).toBe(true);
    expect(words.some((word) => /^[a-z ]+$/.test(word))).toBe(true);
    const shipped = WordFilter.of(words);
    expect(shipped.size).toBe(words.length);
    for (const word of words) expect(shipped.matches(`前 ${word} 后`), word).toContain(word);
  });
});
