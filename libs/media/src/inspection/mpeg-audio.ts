import type { Inspection } from '../domain/media-asset.js';
import type { ReadBytes } from './read-bytes.js';

/** An MPEG audio frame header, decoded (ISO 11172-3 / 13818-3). */
export interface MpegFrame {
  readonly version: 1 | 2 | 2.5;
  readonly layer: 1 | 2 | 3;
  /** Bits per second. */
  readonly bitrate: number;
  readonly sampleRate: number;
  readonly samplesPerFrame: number;
  /** The whole frame, header included, in bytes. */
  readonly frameBytes: number;
  readonly mono: boolean;
}

// Kilobits per second by bitrate index (1–14; 0 is "free format", 15 is forbidden).
const BITRATES = {
  'v1-l1': [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  'v1-l2': [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  'v1-l3': [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  'v2-l1': [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  'v2-l23': [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;
const SAMPLE_RATES = { 1: [44_100, 48_000, 32_000], 2: [22_050, 24_000, 16_000], 2.5: [11_025, 12_000, 8_000] } as const;

/** Decodes the 4 bytes at `at` as an MPEG audio frame header, or null when they are none (free-format frames included). */
export function mpegFrameAt(bytes: Buffer, at = 0): MpegFrame | null {
  if (bytes.length < at + 4 || bytes[at] !== 0xff || (bytes[at + 1]! & 0xe0) !== 0xe0) return null;
  const versionBits = (bytes[at + 1]! >> 3) & 0b11;
  const layerBits = (bytes[at + 1]! >> 1) & 0b11;
  const bitrateIndex = bytes[at + 2]! >> 4;
  const sampleRateIndex = (bytes[at + 2]! >> 2) & 0b11;
  if (versionBits === 0b01 || layerBits === 0b00 || bitrateIndex === 0 || bitrateIndex === 0b1111 || sampleRateIndex === 0b11) return null;
  const version = versionBits === 0b11 ? 1 : versionBits === 0b10 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const table = version === 1 ? (`v1-l${layer}` as const) : layer === 1 ? 'v2-l1' : 'v2-l23';
  const bitrate = BITRATES[table][bitrateIndex - 1]! * 1000;
  const sampleRate = SAMPLE_RATES[version][sampleRateIndex]!;
  const samplesPerFrame = layer === 1 ? 384 : layer === 3 && version !== 1 ? 576 : 1152;
  const padding = (bytes[at + 2]! >> 1) & 1;
  const slotBytes = layer === 1 ? 4 : 1;
  const frameBytes = Math.floor((samplesPerFrame / 8) * bitrate / sampleRate / slotBytes) * slotBytes + padding * slotBytes;
  const mono = bytes[at + 3]! >> 6 === 0b11;
  return { version, layer, bitrate, sampleRate, samplesPerFrame, frameBytes, mono };
}

/** ID3v2 tags before the audio: each is a 10-byte header and a syncsafe size (plus a 10-byte footer when flagged). */
async function afterId3Tags(read: ReadBytes): Promise<number> {
  let offset = 0;
  for (let tags = 0; tags < 4; tags++) {
    const header = await read(offset, 10);
    if (header.length < 10 || header.toString('latin1', 0, 3) !== 'ID3') break;
    const size = ((header[6]! & 0x7f) << 21) | ((header[7]! & 0x7f) << 14) | ((header[8]! & 0x7f) << 7) | (header[9]! & 0x7f);
    offset += 10 + size + (header[5]! & 0x10 ? 10 : 0);
  }
  return offset;
}

/** How far past the tags the first frame is looked for (encoders may pad a little). */
const SYNC_WINDOW = 4096;
/** The longest frame there is (MPEG-2 layer II at 160 kbit/s and 8 kHz, padded), and the next header. */
const LONGEST_FRAME = 2881 + 4;

/**
 * The length of an MP3 (any MPEG-1/2/2.5 layer I–III stream): from the frame count of a Xing/Info
 * or VBRI header when the encoder wrote one (variable bitrate), else from the audio's bytes over
 * the first frame's bitrate (constant bitrate, as players and ffprobe estimate it). The first frame
 * must be followed by another frame of the same stream (or the end of the file): a lone sync
 * pattern in other bytes is no MP3, and its length is `missing`.
 */
export async function mp3Duration(read: ReadBytes, sizeBytes: number): Promise<Inspection['duration']> {
  const tagsEnd = await afterId3Tags(read);
  const window = await read(tagsEnd, SYNC_WINDOW + LONGEST_FRAME);
  for (let at = 0; at < SYNC_WINDOW && at + 4 <= window.length; at++) {
    const frame = mpegFrameAt(window, at);
    if (!frame || !followedByFrame(window, at, frame, sizeBytes - tagsEnd)) continue;
    const frames = vbrFrameCount(window.subarray(at, at + frame.frameBytes), frame);
    if (frames !== null) return frames > 0 ? { seconds: (frames * frame.samplesPerFrame) / frame.sampleRate } : 'missing';
    const trailer = sizeBytes >= 128 ? await read(sizeBytes - 128, 3) : Buffer.alloc(0);
    const audioBytes = sizeBytes - tagsEnd - at - (trailer.toString('latin1') === 'TAG' ? 128 : 0);
    return { seconds: (audioBytes * 8) / frame.bitrate };
  }
  return 'missing';
}

/** Whether the frame at `at` ends where the window's bytes end (the end of the file) or where another frame of the same stream starts. */
function followedByFrame(window: Buffer, at: number, frame: MpegFrame, bytesLeft: number): boolean {
  const next = at + frame.frameBytes;
  if (next >= bytesLeft) return next === bytesLeft;
  const following = mpegFrameAt(window, next);
  return following !== null && following.version === frame.version && following.layer === frame.layer && following.sampleRate === frame.sampleRate;
}

/** The frame count a Xing/Info header (after the side information) or a VBRI header (at 36) states; null when there is none. */
function vbrFrameCount(first: Buffer, frame: MpegFrame): number | null {
  const sideInfo = frame.version === 1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
  const xing = 4 + sideInfo;
  const tag = first.toString('latin1', xing, xing + 4);
  if ((tag === 'Xing' || tag === 'Info') && first.length >= xing + 12) {
    const flags = first.readUInt32BE(xing + 4);
    return flags & 0x1 ? first.readUInt32BE(xing + 8) : null;
  }
  if (first.toString('latin1', 36, 40) === 'VBRI' && first.length >= 36 + 18) return first.readUInt32BE(36 + 14);
  return null;
}
