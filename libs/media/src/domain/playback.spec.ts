import { describe, expect, it } from 'vitest';
import { lessonMediaVerdict } from './playback.js';

const open = { preview: false, readable: true, unlocksAt: null };
const inTwoDays = '2026-12-01T10:00:00.000Z';

describe("a lesson's media plays exactly when its body is shown", () => {
  it('given a lesson whose body the caller may read (entitled and released), when they play its media, then it plays', () => {
    expect(lessonMediaVerdict(open, true)).toEqual({ kind: 'play' });
  });
  it('given a preview lesson, when someone not entitled plays its media, then it plays', () => {
    expect(lessonMediaVerdict({ preview: true, readable: true, unlocksAt: null }, false)).toEqual({ kind: 'play' });
  });
  it('given a drip lesson not yet released to an entitled caller, when they play its media, then it is locked until its time', () => {
    expect(lessonMediaVerdict({ preview: false, readable: false, unlocksAt: inTwoDays }, true)).toEqual({ kind: 'locked', unlocksAt: inTwoDays });
  });
  it('given a drip lesson, when a caller without the item plays its media, then they are not entitled (time opens nothing to them)', () => {
    expect(lessonMediaVerdict({ preview: false, readable: false, unlocksAt: inTwoDays }, false)).toEqual({ kind: 'not-entitled' });
  });
  it('given a paid lesson, when a caller without the item plays its media, then they are not entitled', () => {
    expect(lessonMediaVerdict({ preview: false, readable: false, unlocksAt: null }, false)).toEqual({ kind: 'not-entitled' });
  });
  it('given a content the caller may not see (or no such lesson), when they play, then they are not entitled', () => {
    expect(lessonMediaVerdict(null, true)).toEqual({ kind: 'not-entitled' });
  });
});
