import { describe, expect, it } from 'vitest';
import { notModified, rangeApplies } from './conditional-get.js';

const current = { etag: '"abc123"', lastModified: new Date('2026-11-28T10:00:00.750Z') };
const lastModified = current.lastModified.toUTCString();

describe('conditional GET: If-None-Match and If-Modified-Since', () => {
  it('answers 304 when the client holds the current entity tag (in a list, weak or strong) or asks for any', () => {
    for (const header of ['"abc123"', '"old", "abc123"', 'W/"abc123"', '*', ' "x" ,W/"abc123" ']) expect(notModified({ 'if-none-match': header }, current)).toBe(true);
  });
  it('sends the body when the client holds another tag, or a malformed one', () => {
    for (const header of ['"abc124"', 'abc123', '""', '"ABC123"', '']) expect(notModified({ 'if-none-match': header }, current)).toBe(false);
  });
  it('lets If-None-Match decide alone when both are sent', () => {
    expect(notModified({ 'if-none-match': '"old"', 'if-modified-since': lastModified }, current)).toBe(false);
  });
  it('answers 304 to an If-Modified-Since at or after the Last-Modified (whole seconds), not before, and ignores a bad date', () => {
    expect(notModified({ 'if-modified-since': lastModified }, current)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Sat, 28 Nov 2026 10:00:01 GMT' }, current)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Sat, 28 Nov 2026 09:59:59 GMT' }, current)).toBe(false);
    expect(notModified({ 'if-modified-since': 'yesterday' }, current)).toBe(false);
    expect(notModified({}, current)).toBe(false);
  });
});

describe('If-Range', () => {
  it('uses the range without If-Range, or when it names the current bytes exactly (strong tag, or the Last-Modified date)', () => {
    expect(rangeApplies(undefined, current)).toBe(true);
    expect(rangeApplies('"abc123"', current)).toBe(true);
    expect(rangeApplies(lastModified, current)).toBe(true);
  });
  it('sends the whole body for another tag, a weak tag, another date or garbage', () => {
    for (const header of ['"abc124"', 'W/"abc123"', 'Sat, 28 Nov 2026 10:00:01 GMT', 'Sat, 28 Nov 2026 09:59:59 GMT', 'soon', '']) {
      expect(rangeApplies(header, current)).toBe(false);
    }
  });
});
