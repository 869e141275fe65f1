import type { Inspection } from '../domain/media-asset.js';
import type { ReadBytes } from './read-bytes.js';

/** An Ogg page's fixed header (RFC 3533): "OggS", version, flags, granule position, serial, sequence, CRC, segment count. */
const PAGE_HEADER_BYTES = 27;
/** The largest page there is: the header, 255 lacing values and 255 segments of 255 bytes. */
const LARGEST_PAGE = PAGE_HEADER_BYTES + 255 + 255 * 255;

interface Page {
  readonly granule: bigint;
  readonly serial: number;
  /** Where its first packet starts, and where the page ends. */
  readonly bodyStart: number;
  readonly end: number;
}

function pageAt(bytes: Buffer, at: number): Page | null {
  if (bytes.length < at + PAGE_HEADER_BYTES || bytes.toString('latin1', at, at + 4) !== 'OggS' || bytes[at + 4] !== 0) return null;
  const segments = bytes[at + 26]!;
  const bodyStart = at + PAGE_HEADER_BYTES + segments;
  if (bytes.length < bodyStart) return null;
  let bodyBytes = 0;
  for (let index = 0; index < segments; index++) bodyBytes += bytes[at + PAGE_HEADER_BYTES + index]!;
  return { granule: bytes.readBigInt64LE(at + 6), serial: bytes.readUInt32LE(at + 14), bodyStart, end: bodyStart + bodyBytes };
}

/** The codec of a logical stream, from its first packet: how its granule positions turn into seconds. */
function clockOf(firstPacket: Buffer): { rate: number; preSkip: number } | null {
  const magic = (text: string, at = 0) => firstPacket.toString('latin1', at, at + text.length) === text;
  // Vorbis I identification header: type 1, "vorbis", version, channels, sample rate.
  if (magic('\x01vorbis') && firstPacket.length >= 16) return { rate: firstPacket.readUInt32LE(12), preSkip: 0 };
  // Opus (RFC 7845): granules count 48 kHz samples, the first `pre-skip` of them not played.
  if (magic('OpusHead') && firstPacket.length >= 12) return { rate: 48_000, preSkip: firstPacket.readUInt16LE(10) };
  // FLAC in Ogg: "\x7FFLAC", version, header count, "fLaC", a block header, then STREAMINFO (sample rate: 20 bits at its byte 10).
  if (magic('\x7fFLAC') && magic('fLaC', 9) && firstPacket.length >= 17 + 13) {
    const info = 17;
    return { rate: (firstPacket[info + 10]! << 12) | (firstPacket[info + 11]! << 4) | (firstPacket[info + 12]! >> 4), preSkip: 0 };
  }
  return null;
}

/**
 * The length of an Ogg Vorbis, Opus or FLAC file: the granule position of the stream's last page
 * (the samples up to its end) over the sample rate its first page states. The last page must end
 * the file exactly; another codec, or a file cut off, has a `missing` length.
 */
export async function oggDuration(read: ReadBytes, sizeBytes: number): Promise<Inspection['duration']> {
  const head = await read(0, LARGEST_PAGE);
  const first = pageAt(head, 0);
  const clock = first && clockOf(head.subarray(first.bodyStart, first.end));
  if (!first || !clock || clock.rate === 0) return 'missing';
  const tailStart = Math.max(0, sizeBytes - LARGEST_PAGE);
  const tail = await read(tailStart, sizeBytes - tailStart);
  // Backwards from the end (a negative offset would count from the end again: stop at 0).
  const before = (end: number) => (end < 0 ? -1 : tail.lastIndexOf('OggS', end, 'latin1'));
  for (let at = before(tail.length - PAGE_HEADER_BYTES); at >= 0; at = before(at - 1)) {
    const page = pageAt(tail, at);
    if (!page || tailStart + page.end !== sizeBytes) continue;
    if (page.serial !== first.serial || page.granule <= 0n) return 'missing';
    const samples = Number(page.granule) - clock.preSkip;
    return samples > 0 ? { seconds: samples / clock.rate } : 'missing';
  }
  return 'missing';
}
