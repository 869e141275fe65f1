import type { Signature } from '../domain/media-types.js';
import type { Inspection } from '../domain/media-asset.js';
import { matroskaDuration, matroskaHasVideo } from './matroska.js';
import { mp3Duration, mpegFrameAt } from './mpeg-audio.js';
import { oggDuration } from './ogg.js';
import { MAX_STRUCTURES, type ReadBytes } from './read-bytes.js';

/** How many first bytes tell a signature. */
export const SIGNATURE_BYTES = 16;

const startsWith = (head: Buffer, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((byte, index) => head[at + index] === byte);
const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

/** What the first bytes of a file say it is (magic numbers), or null for none we know. */
export function signatureOf(head: Buffer): Signature | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WAVE'), 8)) return 'wav';
  if (startsWith(head, ascii('ftyp'), 4)) return 'iso-bmff';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska';
  if (startsWith(head, ascii('OggS'))) return 'ogg';
  if (startsWith(head, ascii('fLaC'))) return 'flac';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(head, ascii('ID3')) || mpegFrameAt(head) !== null) return 'mp3';
  return null;
}

/**
 * The length of an audio or video, read from its container's headers (no ffprobe needed): ISO BMFF
 * (MP4, MOV, M4A: `moov/mvhd`), WAV (`data` size over the byte rate), FLAC (STREAMINFO), MP3
 * (Xing/VBRI frame count, or bytes over bitrate), Ogg (last granule position) and WebM/Matroska
 * (Segment Info). `unknown` for what has no length (an image, a PDF) or a FLAC that leaves it open.
 */
export async function containerDuration(signature: Signature, read: ReadBytes, sizeBytes: number): Promise<Inspection['duration']> {
  switch (signature) {
    case 'iso-bmff':
      return mp4Duration(read, sizeBytes);
    case 'wav':
      return wavDuration(read, sizeBytes);
    case 'flac':
      return flacDuration(read);
    case 'mp3':
      return mp3Duration(read, sizeBytes);
    case 'ogg':
      return oggDuration(read, sizeBytes);
    case 'matroska':
      return matroskaDuration(read, sizeBytes);
    default:
      return 'unknown';
  }
}

/**
 * Whether a container that may carry video does: a `vide` handler among MP4/MOV tracks, a video
 * TrackType in WebM/Matroska. Null for the rest (they hold audio only, or are no media at all).
 */
export async function containerHasVideo(signature: Signature, read: ReadBytes, sizeBytes: number): Promise<boolean | null> {
  switch (signature) {
    case 'iso-bmff':
      return mp4HasVideo(read, sizeBytes);
    case 'matroska':
      return matroskaHasVideo(read, sizeBytes);
    default:
      return null;
  }
}

interface Box {
  readonly type: string;
  /** Where its payload starts and ends. */
  readonly start: number;
  readonly end: number;
}

/** The boxes between `from` and `to`, one header read each; stops at the first malformed one. */
async function* boxes(read: ReadBytes, from: number, to: number): AsyncGenerator<Box> {
  let offset = from;
  for (let seen = 0; offset + 8 <= to && seen < MAX_STRUCTURES; seen++) {
    const header = await read(offset, 16);
    if (header.length < 8) return;
    let size = header.readUInt32BE(0);
    let headerSize = 8;
    if (size === 1) {
      if (header.length < 16) return;
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = to - offset;
    }
    if (size < headerSize || offset + size > to) return;
    yield { type: header.toString('latin1', 4, 8), start: offset + headerSize, end: offset + size };
    offset += size;
  }
}

async function mp4Duration(read: ReadBytes, sizeBytes: number): Promise<Inspection['duration']> {
  for await (const box of boxes(read, 0, sizeBytes)) {
    if (box.type !== 'moov') continue;
    for await (const child of boxes(read, box.start, box.end)) {
      if (child.type !== 'mvhd') continue;
      const mvhd = await read(child.start, 32);
      const version = mvhd[0];
      const [timescale, duration] =
        version === 1 && mvhd.length >= 32
          ? [mvhd.readUInt32BE(20), Number(mvhd.readBigUInt64BE(24))]
          : version === 0 && mvhd.length >= 20
            ? [mvhd.readUInt32BE(12), mvhd.readUInt32BE(16)]
            : [0, 0];
      return timescale > 0 && duration > 0 ? { seconds: duration / timescale } : 'missing';
    }
  }
  return 'missing';
}

/** `moov/trak/mdia/hdlr`: the handler type (at 8 in its payload) says what each track is. */
async function mp4HasVideo(read: ReadBytes, sizeBytes: number): Promise<boolean> {
  const inside = async function* (parent: Box, type: string) {
    for await (const child of boxes(read, parent.start, parent.end)) if (child.type === type) yield child;
  };
  for await (const moov of boxes(read, 0, sizeBytes)) {
    if (moov.type !== 'moov') continue;
    for await (const trak of inside(moov, 'trak')) {
      for await (const mdia of inside(trak, 'mdia')) {
        for await (const hdlr of inside(mdia, 'hdlr')) {
          if ((await read(hdlr.start + 8, 4)).toString('latin1') === 'vide') return true;
        }
      }
    }
    return false;
  }
  return false;
}

async function wavDuration(read: ReadBytes, sizeBytes: number): Promise<Inspection['duration']> {
  let byteRate = 0;
  let offset = 12;
  for (let seen = 0; offset + 8 <= sizeBytes && seen < MAX_STRUCTURES; seen++) {
    // A chunk's id and size, and for `fmt ` its format, channels, sample rate and byte rate.
    const header = await read(offset, 20);
    if (header.length < 8) break;
    const id = header.toString('latin1', 0, 4);
    const size = header.readUInt32LE(4);
    if (id === 'fmt ' && header.length >= 20) byteRate = header.readUInt32LE(16);
    if (id === 'data') return byteRate > 0 && size > 0 ? { seconds: Math.min(size, sizeBytes - offset - 8) / byteRate } : 'missing';
    offset += 8 + size + (size % 2); // chunks are padded to an even length
  }
  return 'missing';
}

async function flacDuration(read: ReadBytes): Promise<Inspection['duration']> {
  // "fLaC", then the STREAMINFO block (always first): a 4-byte header and 34 bytes.
  const info = await read(4, 4 + 34);
  if (info.length < 38 || (info[0]! & 0x7f) !== 0) return 'missing';
  const sampleRate = (info[14]! << 12) | (info[15]! << 4) | (info[16]! >> 4);
  const totalSamples = (info[17]! & 0x0f) * 2 ** 32 + info.readUInt32BE(18);
  if (sampleRate === 0) return 'missing';
  // FLAC may leave the count unknown (0): the length is then not in the headers.
  return totalSamples > 0 ? { seconds: totalSamples / sampleRate } : 'unknown';
}
