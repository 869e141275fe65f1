import { describe, expect, it } from 'vitest';
import { ACCEPTED_TYPES, expectedSignature, fileNameRefusal, isMediaKind, MEDIA_KINDS, SIGNATURES } from './media-types.js';

describe('accepted types', () => {
  it('maps each accepted MIME type of a kind to a known signature', () => {
    for (const kind of MEDIA_KINDS) {
      for (const signature of Object.values(ACCEPTED_TYPES[kind])) expect(SIGNATURES).toContain(signature);
    }
    expect(expectedSignature('video', 'video/mp4')).toBe('iso-bmff');
    expect(expectedSignature('audio', 'audio/mpeg')).toBe('mp3');
    expect(expectedSignature('image', 'image/jpeg')).toBe('jpeg');
    expect(expectedSignature('attachment', 'application/epub+zip')).toBe('zip');
  });
  it('accepts a type only for its own kind, and nothing inherited from Object', () => {
    expect(expectedSignature('video', 'image/png')).toBeNull();
    expect(expectedSignature('image', 'constructor')).toBeNull();
    expect(expectedSignature('audio', 'toString')).toBeNull();
  });
  it('knows the kinds', () => {
    expect(isMediaKind('audio')).toBe(true);
    expect(isMediaKind('attachment')).toBe(true);
    expect(isMediaKind('Audio')).toBe(false);
    expect(isMediaKind('toString')).toBe(false);
  });
});

describe('file names', () => {
  it('keeps ordinary names, in any script, with emoji', () => {
    for (const name of ['lesson 1.mp4', '第一课 🎬.mp4', '.hidden', '..x', 'a'.repeat(255), '😀'.repeat(255), '👨\u200d👩\u200d👧.png', 'درس ١.mp4', '\u00a0a\u00a0.pdf']) {
      expect(fileNameRefusal(name)).toBeNull();
    }
  });
  it('says why a name is refused', () => {
    expect(fileNameRefusal('')).toBe('must not be empty');
    expect(fileNameRefusal('   ')).toBe('must not be empty');
    expect(fileNameRefusal('a'.repeat(256))).toBe('must be at most 255 characters');
    expect(fileNameRefusal('../../etc/passwd')).toBe('must not contain a path (/ or \\)');
    expect(fileNameRefusal('..\\..\\boot.ini')).toBe('must not contain a path (/ or \\)');
    expect(fileNameRefusal('a\u0000.mp4')).toBe('must not contain control characters');
    expect(fileNameRefusal('a\n.mp4')).toBe('must not contain control characters');
    expect(fileNameRefusal('a\u001f.mp4')).toBe('must not contain control characters');
    expect(fileNameRefusal('a\u007f.mp4')).toBe('must not contain control characters');
    expect(fileNameRefusal('a\u0085.mp4')).toBe('must not contain control characters');
    expect(fileNameRefusal('a\u009f.mp4')).toBe('must not contain control characters');
    for (const mark of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(fileNameRefusal(`invoice${mark}fdp.exe`)).toBe('must not contain direction marks (they can disguise its extension)');
    }
    expect(fileNameRefusal('a\ud800.mp4')).toBe('must be valid Unicode (no lone surrogate)');
    expect(fileNameRefusal('a\udc00b.mp4')).toBe('must be valid Unicode (no lone surrogate)');
    expect(fileNameRefusal('..')).toBe('must name a file');
    expect(fileNameRefusal('.')).toBe('must name a file');
  });
});
