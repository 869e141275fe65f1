import { describe, expect, it } from 'vitest';
import { fuzzyText, highlight, indexWords, MAX_QUERY_CHARS, queryWords } from './search-text.js';

describe('search text', () => {
  it('indexes a mixed title under its whole words and the shorter words inside them', () => {
    expect(indexWords('Python数据分析实战').split(' ')).toEqual(['python', '数据', '分析', '数据分析', '实战']);
  });

  it('cuts a query into its longest words, lower-cased, without repeats', () => {
    expect(queryWords('Python 数据分析')).toEqual(['python', '数据分析']);
    expect(queryWords('PYTHON python')).toEqual(['python']);
  });

  it('keeps only letters and digits: operators, quotes, emoji and NUL separate words and never reach a tsquery', () => {
    expect(queryWords("c++ & | ! : * ( ) ' \\ 🙂 a\u0000b 数据")).toEqual(['c', 'a', 'b', '数据']);
    expect(queryWords('🙂 ... ***')).toEqual([]);
    for (const word of queryWords("x:*&y|(z)'w\\v")) expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('looks only at the first MAX_QUERY_CHARS characters of a query', () => {
    expect(queryWords(`${'a'.repeat(MAX_QUERY_CHARS)} tail`)).toEqual(['a'.repeat(MAX_QUERY_CHARS)]);
  });

  it('reduces text for trigrams to lower-case words and single spaces', () => {
    expect(fuzzyText('  Hello,   World! 数据  ')).toBe('hello world 数据');
  });

  describe('highlight', () => {
    it('marks every occurrence, longest words first, without overlapping marks', () => {
      expect(highlight('Python数据分析实战, python', ['python', '数据', '数据分析'])).toBe('<mark>Python</mark><mark>数据分析</mark>实战, <mark>python</mark>');
    });

    it('escapes the text around and inside the marks', () => {
      expect(highlight(`<b>"x" & 'y'</b>`, ['x'])).toBe('&lt;b&gt;&quot;<mark>x</mark>&quot; &amp; &#39;y&#39;&lt;/b&gt;');
    });

    it('is null when no word occurs', () => {
      expect(highlight('nothing here', ['absent'])).toBeNull();
      expect(highlight('nothing here', [])).toBeNull();
    });

    it('cuts a long text to a window around the first match, marking the cuts', () => {
      const text = `${'a'.repeat(100)} target ${'b'.repeat(100)}`;
      const snippet = highlight(text, ['target'], 40)!;
      expect(snippet).toBe(`…${'a'.repeat(9)} <mark>target</mark> ${'b'.repeat(23)}…`);
      expect(snippet.replace(/<\/?mark>|…/g, '')).toHaveLength(40);
    });

    it('does not cut at the start when the match is near it, nor at the end when the text ends', () => {
      expect(highlight(`target ${'b'.repeat(50)}`, ['target'], 20)).toBe(`<mark>target</mark> ${'b'.repeat(13)}…`);
      expect(highlight(`${'a'.repeat(50)} target`, ['target'], 20)).toBe(`…${'a'.repeat(13)} <mark>target</mark>`);
    });

    it('leaves out a mark that falls outside the window', () => {
      expect(highlight(`x${'a'.repeat(50)}x`, ['x'], 10)).toBe(`<mark>x</mark>${'a'.repeat(9)}…`);
    });
  });
});
