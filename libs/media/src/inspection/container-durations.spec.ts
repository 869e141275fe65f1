import { describe, expect, it } from 'vitest';
import { ebml, mp3, mp4, ogg, oggPage, png, wav, webm } from '../../../../test/support/media-samples.js';
import { matroskaDuration } from './matroska.js';
import { mp3Duration, mpegFrameAt } from './mpeg-audio.js';
import { oggDuration } from './ogg.js';
import type { ReadBytes } from './read-bytes.js';
import { containerDuration, containerHasVideo, signatureOf } from './signatures.js';

const readerOf = (file: Buffer): ReadBytes => async (start, length) => file.subarray(start, start + length);
const lengthOf = (parse: (read: ReadBytes, sizeBytes: number) => Promise<unknown>, file: Buffer) => parse(readerOf(file), file.length);
const seconds = (value: number) => ({ seconds: expect.closeTo(value, 6) as number });

describe('MP3 length', () => {
  it('decodes frame headers of each MPEG version and layer', () => {
    expect(mpegFrameAt(Buffer.from([0xff, 0xfb, 0x94, 0x44]))).toEqual({
      version: 1, layer: 3, bitrate: 128_000, sampleRate: 48_000, samplesPerFrame: 1152, frameBytes: 384, mono: false,
    });
    // MPEG-1 layer III, 128 kbit/s at 44.1 kHz, padded, mono: 417 + 1 bytes.
    expect(mpegFrameAt(Buffer.from([0xff, 0xfb, 0x92, 0xc4]))).toMatchObject({ sampleRate: 44_100, frameBytes: 418, mono: true });
    // MPEG-2 layer III, 64 kbit/s at 24 kHz: 576 samples, 72 × 64000 / 24000 = 192 bytes.
    expect(mpegFrameAt(Buffer.from([0xff, 0xf3, 0x84, 0x44]))).toMatchObject({ version: 2, layer: 3, samplesPerFrame: 576, frameBytes: 192 });
    // MPEG-2.5 layer III, 8 kbit/s at 8 kHz.
    expect(mpegFrameAt(Buffer.from([0xff, 0xe3, 0x18, 0x44]))).toMatchObject({ version: 2.5, sampleRate: 8_000, bitrate: 8_000, frameBytes: 72 });
    // MPEG-1 layer I, 384 kbit/s at 48 kHz: 12 × 384000 / 48000 × 4 = 384 bytes, padding a 4-byte slot.
    expect(mpegFrameAt(Buffer.from([0xff, 0xff, 0xc6, 0x44]))).toMatchObject({ layer: 1, samplesPerFrame: 384, frameBytes: 388 });
    // MPEG-1 layer II, 192 kbit/s at 48 kHz.
    expect(mpegFrameAt(Buffer.from([0xff, 0xfd, 0xa4, 0x44]))).toMatchObject({ layer: 2, frameBytes: 576 });
    for (const header of [
      [0xff, 0xfb, 0x04, 0x44], // free format: no bitrate to count with
      [0xff, 0xfb, 0xf4, 0x44], // bitrate index 15
      [0xff, 0xfb, 0x9c, 0x44], // sample rate index 3
      [0xff, 0xeb, 0x94, 0x44], // version "reserved"
      [0xff, 0xf9, 0x94, 0x44], // layer "reserved"
      [0xff, 0xfb, 0x94],
    ]) {
      expect(mpegFrameAt(Buffer.from(header)), Buffer.from(header).toString('hex')).toBeNull();
    }
  });

  it('reads a constant-bitrate length from the bytes over the bitrate, after an ID3v2 tag and without an ID3v1 one', async () => {
    expect(await lengthOf(mp3Duration, mp3(3))).toEqual(seconds(3));
    expect(await lengthOf(mp3Duration, mp3(1.2, { id3: true }))).toEqual(seconds(1.2));
    const withTrailer = Buffer.concat([mp3(0.48), Buffer.from('TAG'), Buffer.alloc(125)]);
    expect(await lengthOf(mp3Duration, withTrailer)).toEqual(seconds(0.48));
    expect(signatureOf(mp3(1, { id3: true }))).toBe('mp3');
    expect(await containerDuration('mp3', readerOf(mp3(2.4)), mp3(2.4).length)).toEqual(seconds(2.4));
  });

  it('reads a variable-bitrate length from the Xing frame count, not from the bytes', async () => {
    // 2,500 frames of 1,152 samples at 48 kHz: 60 s, whatever the few bytes here would say.
    expect(await lengthOf(mp3Duration, mp3(0.24, { xingFrames: 2500 }))).toEqual(seconds(60));
    const vbri = mp3(0.24);
    vbri.write('VBRI', 36, 'latin1');
    vbri.writeUInt32BE(1000, 36 + 14);
    expect(await lengthOf(mp3Duration, vbri)).toEqual(seconds(24));
    expect(await lengthOf(mp3Duration, mp3(0.24, { xingFrames: 0 }))).toBe('missing');
  });

  it('finds no length when the first frame is not followed by another, or there is no frame at all', async () => {
    // A sync pattern and then other bytes: the signature matched, the stream does not.
    const lone = Buffer.concat([Buffer.from([0xff, 0xfb, 0x94, 0x44]), Buffer.alloc(2000, 0x11)]);
    expect(await lengthOf(mp3Duration, lone)).toBe('missing');
    expect(await lengthOf(mp3Duration, Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x10', 'latin1'), Buffer.alloc(16), Buffer.alloc(6000, 0x22)]))).toBe('missing');
    // Cut in the middle of its second frame: the first still ends where a frame starts.
    expect(await lengthOf(mp3Duration, mp3(0.048).subarray(0, 500))).toEqual(seconds((500 * 8) / 128_000));
    // Cut inside the first frame: no frame ends where the file does.
    expect(await lengthOf(mp3Duration, mp3(0.024).subarray(0, 200))).toBe('missing');
  });
});

describe('Ogg length', () => {
  it('reads Vorbis and Opus lengths from the last granule position, minus Opus pre-skip', async () => {
    expect(await lengthOf(oggDuration, ogg(12.5))).toEqual(seconds(12.5));
    expect(await lengthOf(oggDuration, ogg(3, 'opus'))).toEqual(seconds(3));
    expect(await containerDuration('ogg', readerOf(ogg(2)), ogg(2).length)).toEqual(seconds(2));
  });

  it('reads an Ogg FLAC length with the sample rate of its STREAMINFO', async () => {
    const first = Buffer.alloc(17 + 34);
    first.write('\x7fFLAC\x01\x00\x00\x01fLaC', 0, 'latin1');
    const rate = 16_000;
    first[17 + 10] = rate >> 12;
    first[17 + 11] = (rate >> 4) & 0xff;
    first[17 + 12] = (rate & 0x0f) << 4;
    const file = Buffer.concat([oggPage(first, { granule: 0n, sequence: 0, flags: 2 }), oggPage(Buffer.alloc(50), { granule: 40_000n, sequence: 1, flags: 4 })]);
    expect(await lengthOf(oggDuration, file)).toEqual(seconds(2.5));
  });

  it('finds no length for another codec, a cut-off file, a last page of another stream, or no samples', async () => {
    const speex = Buffer.concat([oggPage(Buffer.from('Speex   '), { granule: 0n, sequence: 0 }), oggPage(Buffer.alloc(10), { granule: 100n, sequence: 1 })]);
    expect(await lengthOf(oggDuration, speex)).toBe('missing');
    expect(await lengthOf(oggDuration, ogg(5).subarray(0, ogg(5).length - 1))).toBe('missing');
    const otherStream = Buffer.concat([ogg(5), oggPage(Buffer.alloc(10), { granule: 999n, sequence: 0, serial: 7 })]);
    expect(await lengthOf(oggDuration, otherStream)).toBe('missing');
    const opusOnlyPreSkip = Buffer.concat([ogg(1, 'opus').subarray(0, 47), oggPage(Buffer.alloc(10), { granule: 312n, sequence: 1 })]);
    expect(await lengthOf(oggDuration, opusOnlyPreSkip)).toBe('missing');
    expect(await lengthOf(oggDuration, Buffer.from('OggS'))).toBe('missing');
  });
});

describe('WebM / Matroska length', () => {
  it('reads the Segment Info duration in ticks of its timestamp scale', async () => {
    expect(await lengthOf(matroskaDuration, webm(95.25))).toEqual(seconds(95.25));
    expect(await lengthOf(matroskaDuration, webm(4, { track: 'video' }))).toEqual(seconds(4));
    expect(await containerDuration('matroska', readerOf(webm(1)), webm(1).length)).toEqual(seconds(1));
    // A float32 duration in ticks of 1 µs: 2.5e6 µs.
    const duration = Buffer.alloc(4);
    duration.writeFloatBE(2_500_000, 0);
    const microseconds = Buffer.concat([
      ebml('1a45dfa3', ebml('4282', Buffer.from('matroska'))),
      ebml('18538067', ebml('1549a966', Buffer.concat([ebml('2ad7b1', Buffer.from([0x03, 0xe8])), ebml('4489', duration)]))),
    ]);
    expect(await lengthOf(matroskaDuration, microseconds)).toEqual(seconds(2.5));
  });

  it('reads a live recording\'s length (no Duration) from the last block of its last Cluster, of known or unknown size', async () => {
    expect(await lengthOf(matroskaDuration, webm(10, { duration: false }))).toEqual(seconds(10));
    expect(await lengthOf(matroskaDuration, webm(42.37, { duration: false, openClusters: true }))).toEqual(seconds(42.37));
    expect(await lengthOf(matroskaDuration, webm(0.03, { duration: false }))).toEqual(seconds(0.03));
    // The Cluster id inside a frame's bytes is no Cluster (no Timestamp first): the real last one is found further back.
    const file = webm(8, { duration: false, openClusters: true });
    file.set([0x1f, 0x43, 0xb6, 0x75, 0x81, 0x00], file.length - 10);
    expect(await lengthOf(matroskaDuration, file)).toEqual(seconds(8));
  });

  it('finds no length without Duration nor blocks after 0, with Info after the first Cluster, or in broken elements', async () => {
    expect(await lengthOf(matroskaDuration, webm(0, { duration: false }))).toBe('missing');
    const header = ebml('1a45dfa3', ebml('4282', Buffer.from('webm')));
    const info = ebml('1549a966', ebml('4489', Buffer.from([0x40, 0x59, 0, 0, 0, 0, 0, 0])));
    expect(await lengthOf(matroskaDuration, Buffer.concat([header, ebml('18538067', info)]))).toEqual(seconds(0.1));
    expect(await lengthOf(matroskaDuration, Buffer.concat([header, ebml('18538067', Buffer.concat([ebml('1f43b675', Buffer.alloc(4)), info]))]))).toBe('missing');
    expect(await lengthOf(matroskaDuration, Buffer.concat([header, ebml('1f43b675', info)]))).toBe('missing');
    expect(await lengthOf(matroskaDuration, webm(10).subarray(0, 60))).toBe('missing');
    expect(await lengthOf(matroskaDuration, Buffer.concat([header, Buffer.from([0x00, 0x00, 0x00])]))).toBe('missing');
    const negative = ebml('1549a966', ebml('4489', Buffer.from([0xc0, 0x59, 0, 0, 0, 0, 0, 0])));
    expect(await lengthOf(matroskaDuration, Buffer.concat([header, ebml('18538067', negative)]))).toBe('missing');
  });

  it('walks a Segment of unknown size', async () => {
    const file = webm(7);
    const segmentAt = file.indexOf(Buffer.from('18538067', 'hex'));
    file.fill(0xff, segmentAt + 5, segmentAt + 12);
    expect(await lengthOf(matroskaDuration, file)).toEqual(seconds(7));
  });
});

describe('video tracks', () => {
  const hasVideo = (signature: Parameters<typeof containerHasVideo>[0], file: Buffer) => containerHasVideo(signature, readerOf(file), file.length);

  it('finds a video track in an MP4 by its handler, and none in an M4A or an MP4 without tracks', async () => {
    expect(await hasVideo('iso-bmff', mp4(3))).toBe(true);
    expect(await hasVideo('iso-bmff', mp4(3, 64, 'audio'))).toBe(false);
    expect(await hasVideo('iso-bmff', mp4(3).subarray(0, 24))).toBe(false);
  });

  it('finds a video track in a WebM by its TrackType, none in an audio one, and says nothing without Tracks before the first Cluster', async () => {
    expect(await hasVideo('matroska', webm(3, { track: 'video' }))).toBe(true);
    expect(await hasVideo('matroska', webm(3))).toBe(false);
    const header = ebml('1a45dfa3', ebml('4282', Buffer.from('webm')));
    expect(await hasVideo('matroska', Buffer.concat([header, ebml('18538067', ebml('1f43b675', Buffer.alloc(4)))]))).toBeNull();
  });

  it('reads no tracks of containers that hold audio alone, or no media', async () => {
    expect(await hasVideo('mp3', mp3(1))).toBeNull();
    expect(await hasVideo('ogg', ogg(1))).toBeNull();
    expect(await hasVideo('wav', wav(1))).toBeNull();
    expect(await hasVideo('png', png(64))).toBeNull();
  });
});
