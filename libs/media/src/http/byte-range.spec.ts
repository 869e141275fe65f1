import { describe, expect, it } from 'vitest';
import { byteRange } from './byte-range.js';

describe('byte ranges', () => {
  it('sends the whole object without a range, or with one it cannot use', () => {
    for (const header of [undefined, '', 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,4-5', 'bytes=a-b', 'bytes=5-2']) expect(byteRange(header, 10)).toBeNull();
  });
  it('reads a start and an end, clipped to the object', () => {
    expect(byteRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(byteRange('bytes=2-5', 10)).toEqual({ start: 2, end: 5 });
    expect(byteRange(' bytes=2-50 ', 10)).toEqual({ start: 2, end: 9 });
    expect(byteRange('bytes=9-', 10)).toEqual({ start: 9, end: 9 });
    expect(byteRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 });
  });
  it('reads a suffix: the last n bytes', () => {
    expect(byteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(byteRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
  });
  it('cannot satisfy a range beyond the end, or an empty suffix', () => {
    expect(byteRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(byteRange('bytes=10-20', 10)).toBe('unsatisfiable');
    expect(byteRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(byteRange('bytes=-5', 0)).toBe('unsatisfiable');
  });
});
