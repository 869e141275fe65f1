import { describe, expect, it } from 'vitest';
import { HAS_VISIBLE_TEXT, MAX_MESSAGE_LENGTH, WITHOUT_CONTROL_CHARACTERS } from './message-text.js';

describe('what a direct message may say', () => {
  it('takes any typed text: Chinese, emoji, tabs and line breaks', () => {
    for (const text of ['你好', '👋🏽 hi', 'line\nbreak\r\n', 'tab\there', '']) expect(WITHOUT_CONTROL_CHARACTERS.test(text)).toBe(true);
  });

  it('refuses control characters: NUL, bell, escape, DEL and the C1 range', () => {
    for (const text of ['a\u0000b', '\u0007', '\u001b[31m', '\u000b', '\u000c', 'x\u007f', '\u0085', '\u009f']) {
      expect(WITHOUT_CONTROL_CHARACTERS.test(text), JSON.stringify(text)).toBe(false);
    }
    for (const text of ['\u0008', '\u000e', '\u001f', '\u0080']) expect(WITHOUT_CONTROL_CHARACTERS.test(text), JSON.stringify(text)).toBe(false);
    expect(WITHOUT_CONTROL_CHARACTERS.test('\u00a0')).toBe(true);
  });

  it('needs something visible, and at most 2000 characters', () => {
    expect(HAS_VISIBLE_TEXT.test('  \n\t ')).toBe(false);
    expect(HAS_VISIBLE_TEXT.test(' 好 ')).toBe(true);
    expect(MAX_MESSAGE_LENGTH).toBe(2000);
  });
});
