import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, textRefusal } from './question-text.js';

describe('question and answer texts', () => {
  it('accepts text with line breaks, tabs, Chinese and emoji, up to the limit in characters', () => {
    expect(textRefusal('第一行\n第二行\r\n\t缩进 🎓')).toBeNull();
    expect(textRefusal('\t\r\nx ~\u0080')).toBeNull();
    expect(textRefusal('🎓'.repeat(MAX_TEXT_LENGTH))).toBeNull();
  });
  it('refuses empty text, text past the limit, and control characters', () => {
    expect(textRefusal('')).toBe('it is empty');
    expect(textRefusal(' \t\n')).toBe('it is empty');
    expect(textRefusal('a'.repeat(MAX_TEXT_LENGTH + 1))).toBe('it is longer than 4000 characters');
    for (const control of ['\u0000', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\u007F']) {
      expect(textRefusal(`a${control}b`)).toBe('it contains control characters');
    }
  });
});
