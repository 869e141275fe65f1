import { describe, expect, it } from 'vitest';
import type { ReadBytes } from './read-bytes.js';
import { containerDuration, signatureOf } from './signatures.js';

const bytes = (...values: number[]) => Buffer.from(values);
const text = (value: string) => Buffer.from(value, 'latin1');
const readerOf = (file: Buffer): ReadBytes => async (start, length) => file.subarray(start, start + length);
const durationOf = (signature: Parameters<typeof containerDuration>[0], file: Buffer) => containerDuration(signature, readerOf(file), file.length);

const box = (type: string, payload: Buffer, size = 8 + payload.length): Buffer => {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
};
const ftyp = box('ftyp', text('isom\0\0\0\0isom'));
const mvhd0 = (timescale: number, duration: number) => {
  const payload = Buffer.alloc(100);
  payload.writeUInt32BE(timescale, 12);
  payload.writeUInt32BE(duration, 16);
  return box('mvhd', payload);
};
const mvhd1 = (timescale: number, duration: bigint) => {
  const payload = Buffer.alloc(112);
  payload[0] = 1;
  payload.writeUInt32BE(timescale, 20);
  payload.writeBigUInt64BE(duration, 24);
  return box('mvhd', payload);
};

describe('signatures', () => {
  it('names each known container from its first bytes', () => {
    expect(signatureOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('png');
    expect(signatureOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(signatureOf(text('GIF87a..'))).toBe('gif');
    expect(signatureOf(text('GIF89a..'))).toBe('gif');
    expect(signatureOf(text('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(signatureOf(text('RIFF\0\0\0\0WAVEfmt '))).toBe('wav');
    expect(signatureOf(text('\0\0\0\x18ftypmp42'))).toBe('iso-bmff');
    expect(signatureOf(bytes(0x1a, 0x45, 0xdf, 0xa3, 0x93))).toBe('matroska');
    expect(signatureOf(text('OggS\0\x02'))).toBe('ogg');
    expect(signatureOf(text('fLaC\0\0\0\x22'))).toBe('flac');
    expect(signatureOf(text('%PDF-1.7'))).toBe('pdf');
    expect(signatureOf(bytes(0x50, 0x4b, 0x03, 0x04, 0x14))).toBe('zip');
    expect(signatureOf(text('ID3\x04\0'))).toBe('mp3');
    expect(signatureOf(bytes(0xff, 0xfb, 0x90, 0x64))).toBe('mp3');
  });
  it('knows nothing of other bytes, of too few bytes, or of almost-signatures', () => {
    for (const head of [
      Buffer.alloc(0),
      text('0123456789'),
      bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a),
      bytes(0xff, 0xd8),
      text('GIF88a'),
      text('RIFF\0\0\0\0AVI '),
      text('RIFF\0\0\0\0WEB'),
      text('\0\0\0\x18ftyx'),
      text('%PDF'),
      text('PK\x05\x06'),
      text('ID'),
      bytes(0xff, 0xf1, 0x50, 0x80), // ADTS AAC: layer 0
      bytes(0xff, 0xeb, 0x90, 0x64), // MPEG version "reserved"
      bytes(0xff, 0xfb, 0xf0, 0x64), // bitrate index 15: invalid
      bytes(0xff, 0xc0, 0x90, 0x64), // not all 11 sync bits
      bytes(0xfe, 0xfb, 0x90, 0x64),
      bytes(0xff, 0xfb, 0x90),
    ]) {
      expect(signatureOf(head), head.toString('hex')).toBeNull();
    }
  });
});

describe('container lengths', () => {
  it('reads an MP4 length from moov/mvhd, versions 0 and 1, wherever moov sits', async () => {
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', mvhd0(1000, 42_500)), box('mdat', Buffer.alloc(10))]))).toEqual({ seconds: 42.5 });
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('mdat', Buffer.alloc(30)), box('moov', Buffer.concat([box('trak', Buffer.alloc(4)), mvhd1(600, 1200n)]))]))).toEqual({
      seconds: 2,
    });
  });
  it('follows 64-bit box sizes and a last box that runs to the end', async () => {
    const large = Buffer.alloc(16 + 20);
    large.writeUInt32BE(1, 0);
    large.write('free', 4, 'latin1');
    large.writeBigUInt64BE(36n, 8);
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, large, box('moov', mvhd0(10, 25))]))).toEqual({ seconds: 2.5 });
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', mvhd0(10, 25), 0)]))).toEqual({ seconds: 2.5 });
  });
  it('finds no length in an MP4 without moov, without mvhd, with a zero one, or with broken boxes', async () => {
    expect(await durationOf('iso-bmff', ftyp)).toBe('missing');
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', box('trak', Buffer.alloc(8)))]))).toBe('missing');
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', mvhd0(0, 100))]))).toBe('missing');
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', mvhd0(1000, 0))]))).toBe('missing');
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', mvhd0(1000, 10), 7)]))).toBe('missing');
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', mvhd0(1000, 10), 4000)]))).toBe('missing');
    const truncatedLarge = Buffer.alloc(12);
    truncatedLarge.writeUInt32BE(1, 0);
    truncatedLarge.write('moov', 4, 'latin1');
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, truncatedLarge]))).toBe('missing');
    const badVersion = mvhd0(1000, 10);
    badVersion[8] = 2;
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', badVersion)]))).toBe('missing');
    const shortMvhd = box('mvhd', Buffer.alloc(12));
    expect(await durationOf('iso-bmff', Buffer.concat([ftyp, box('moov', shortMvhd)]))).toBe('missing');
  });

  const chunk = (id: string, payload: Buffer, size = payload.length) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(size, 4);
    return Buffer.concat([header, payload]);
  };
  const fmt = (byteRate: number) => {
    const payload = Buffer.alloc(16);
    payload.writeUInt16LE(1, 0);
    payload.writeUInt32LE(byteRate, 8);
    return chunk('fmt ', payload);
  };
  const riff = (...chunks: Buffer[]) => Buffer.concat([text('RIFF\0\0\0\0WAVE'), ...chunks]);

  it('reads a WAV length from its data size and byte rate, skipping other chunks (padded to even sizes)', async () => {
    expect(await durationOf('wav', riff(fmt(8000), chunk('data', Buffer.alloc(12_000))))).toEqual({ seconds: 1.5 });
    expect(await durationOf('wav', riff(chunk('LIST', Buffer.alloc(4)), fmt(100), chunk('odd ', Buffer.alloc(4), 3), chunk('data', Buffer.alloc(50))))).toEqual({
      seconds: 0.5,
    });
    // A data size beyond the file counts only the bytes there are.
    expect(await durationOf('wav', riff(fmt(100), chunk('data', Buffer.alloc(50), 1_000_000)))).toEqual({ seconds: 0.5 });
  });
  it('finds no WAV length without fmt, without data, with an empty one, or cut inside a header', async () => {
    expect(await durationOf('wav', riff(chunk('data', Buffer.alloc(50))))).toBe('missing');
    expect(await durationOf('wav', riff(fmt(8000)))).toBe('missing');
    expect(await durationOf('wav', riff(fmt(8000), chunk('data', Buffer.alloc(0))))).toBe('missing');
    expect(await durationOf('wav', riff(fmt(0), chunk('data', Buffer.alloc(10))))).toBe('missing');
    expect(await durationOf('wav', Buffer.concat([riff(fmt(8000)), text('data')]))).toBe('missing');
  });

  const streaminfo = (sampleRate: number, totalSamples: number, blockType = 0) => {
    const info = Buffer.alloc(38);
    info[0] = 0x80 | blockType;
    info[3] = 34;
    info[14] = (sampleRate >> 12) & 0xff;
    info[15] = (sampleRate >> 4) & 0xff;
    info[16] = (sampleRate & 0x0f) << 4;
    info[17] = Math.floor(totalSamples / 2 ** 32) & 0x0f;
    info.writeUInt32BE(totalSamples % 2 ** 32, 18);
    return Buffer.concat([text('fLaC'), info]);
  };

  it('reads a FLAC length from STREAMINFO, even past 2^32 samples', async () => {
    expect(await durationOf('flac', streaminfo(44_100, 441_000))).toEqual({ seconds: 10 });
    expect(await durationOf('flac', streaminfo(48_000, 2 ** 32 + 48_000))).toEqual({ seconds: (2 ** 32 + 48_000) / 48_000 });
    expect(await durationOf('flac', streaminfo(96_000 + 15, 96_015))).toEqual({ seconds: 1 });
  });
  it('says a FLAC length is unknown when STREAMINFO leaves it out, and missing when STREAMINFO is not there', async () => {
    expect(await durationOf('flac', streaminfo(44_100, 0))).toBe('unknown');
    expect(await durationOf('flac', streaminfo(0, 100))).toBe('missing');
    expect(await durationOf('flac', streaminfo(44_100, 100, 4))).toBe('missing');
    expect(await durationOf('flac', streaminfo(44_100, 100).subarray(0, 30))).toBe('missing');
  });
  it('says images and documents have no length to know, and finds none in timed containers of zeros', async () => {
    for (const signature of ['png', 'pdf'] as const) expect(await durationOf(signature, Buffer.alloc(64))).toBe('unknown');
    for (const signature of ['mp3', 'ogg', 'matroska'] as const) expect(await durationOf(signature, Buffer.alloc(64))).toBe('missing');
  });
});
