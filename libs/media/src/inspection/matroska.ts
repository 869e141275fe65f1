import type { Inspection } from '../domain/media-asset.js';
import { MAX_STRUCTURES, type ReadBytes } from './read-bytes.js';

// Element ids (with their length marker, as the Matroska specification writes them).
const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const CLUSTER = 0x1f43b675;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
/** TrackType 1: video (2 is audio, 17 subtitles…). */
const VIDEO_TRACK = 1;
const CLUSTER_TIMESTAMP = 0xe7;
const SIMPLE_BLOCK = 0xa3;
const BLOCK_GROUP = 0xa0;
const BLOCK = 0xa1;
/** How much of a file's end is searched for its last Cluster when its Info states no Duration. */
const TAIL_BYTES = 1024 * 1024;
const TIMESTAMP_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
/** Nanoseconds per timestamp tick when the file does not say. */
const DEFAULT_TIMESTAMP_SCALE = 1_000_000;
/** More than any real Segment Info holds (a title, an app name, a date): a larger one is not read. */
const MAX_INFO_BYTES = 64 * 1024;
/** More than the Tracks of any real file hold (codec private data included): larger ones are not read. */
const MAX_TRACKS_BYTES = 1024 * 1024;

interface Element {
  readonly id: number;
  /** Where its payload starts, and ends (null: "unknown size", to the end of its parent). */
  readonly start: number;
  readonly end: number | null;
}

/** An EBML variable-length integer at `at`: its length from the leading zeros of its first byte (at most `maxLength`). */
function vint(bytes: Buffer, at: number, maxLength: number, keepMarker: boolean): { value: number; length: number; allOnes: boolean } | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > maxLength || bytes.length < at + length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let index = 1; index < length; index++) {
    value = value * 256 + bytes[at + index]!;
    allOnes &&= bytes[at + index] === 0xff;
  }
  return { value, length, allOnes };
}

function elementAt(bytes: Buffer, at: number, offset: number): Element | null {
  const id = vint(bytes, at, 4, true);
  const size = id && vint(bytes, at + id.length, 8, false);
  if (!id || !size) return null;
  const start = offset + at + id.length + size.length;
  return { id: id.value, start, end: size.allOnes ? null : start + size.value };
}

/** The elements between `from` and `to` in the file, one header read each; stops at the first malformed one. */
async function* elements(read: ReadBytes, from: number, to: number): AsyncGenerator<Element> {
  let offset = from;
  for (let seen = 0; offset < to && seen < MAX_STRUCTURES; seen++) {
    const element = elementAt(await read(offset, 12), 0, offset);
    if (!element || (element.end !== null && element.end > to)) return;
    yield element;
    if (element.end === null) return;
    offset = element.end;
  }
}

/** Children of an element already read whole (`payload`, which starts in the file at `offset`). */
function* childrenOf(payload: Buffer, offset: number): Generator<Element & { payload: Buffer }> {
  let at = 0;
  for (let seen = 0; at < payload.length && seen < MAX_STRUCTURES; seen++) {
    const child = elementAt(payload, at, offset);
    if (!child || child.end === null || child.end - offset > payload.length) return;
    yield { ...child, payload: payload.subarray(child.start - offset, child.end - offset) };
    at = child.end - offset;
  }
}

const unsigned = (bytes: Buffer): number => bytes.reduce((value, byte) => value * 256 + byte, 0);

/**
 * The payload of the Segment's first child of this id (Info, Tracks), read whole when it is at
 * most `maxBytes`; null when the Segment has none before its first Cluster (not looked for later),
 * or the file is not a Segment after an EBML header.
 */
async function segmentChild(read: ReadBytes, sizeBytes: number, id: number, maxBytes: number): Promise<{ payload: Buffer; offset: number } | null> {
  for await (const top of elements(read, 0, sizeBytes)) {
    if (top.id === EBML) continue;
    if (top.id !== SEGMENT) return null;
    for await (const child of elements(read, top.start, top.end ?? sizeBytes)) {
      if (child.id === CLUSTER) return null;
      if (child.id !== id) continue;
      if (child.end === null || child.end - child.start > maxBytes) return null;
      return { payload: await read(child.start, child.end - child.start), offset: child.start };
    }
    return null;
  }
  return null;
}

/**
 * The length of a WebM or Matroska file: the Segment Info's Duration, in ticks of its
 * TimestampScale. A live recording (a browser's MediaRecorder) is never finalised with one: its
 * length is then the timestamp of the last block of the last Cluster (found in the file's last
 * MiB; short of that last block's own few milliseconds). `missing` when neither is there, or the
 * Info comes only after the first Cluster.
 */
export async function matroskaDuration(read: ReadBytes, sizeBytes: number): Promise<Inspection['duration']> {
  const info = await segmentChild(read, sizeBytes, INFO, MAX_INFO_BYTES);
  if (!info) return 'missing';
  const { scale, ticks } = infoFields(info.payload, info.offset);
  const seconds = ((ticks ?? (await lastBlockTicks(read, sizeBytes)) ?? NaN) * scale) / 1e9;
  return Number.isFinite(seconds) && seconds > 0 ? { seconds } : 'missing';
}

/** Whether the Segment's Tracks hold a video track; null when there are no Tracks to read before the first Cluster. */
export async function matroskaHasVideo(read: ReadBytes, sizeBytes: number): Promise<boolean | null> {
  const tracks = await segmentChild(read, sizeBytes, TRACKS, MAX_TRACKS_BYTES);
  if (!tracks) return null;
  for (const entry of childrenOf(tracks.payload, tracks.offset)) {
    if (entry.id !== TRACK_ENTRY) continue;
    for (const field of childrenOf(entry.payload, entry.start)) {
      if (field.id === TRACK_TYPE && unsigned(field.payload) === VIDEO_TRACK) return true;
    }
  }
  return false;
}

function infoFields(info: Buffer, offset: number): { scale: number; ticks: number | null } {
  let scale = DEFAULT_TIMESTAMP_SCALE;
  let ticks: number | null = null;
  for (const element of childrenOf(info, offset)) {
    if (element.id === TIMESTAMP_SCALE && element.payload.length >= 1 && element.payload.length <= 8) scale = unsigned(element.payload);
    if (element.id === DURATION && element.payload.length === 4) ticks = element.payload.readFloatBE(0);
    if (element.id === DURATION && element.payload.length === 8) ticks = element.payload.readDoubleBE(0);
  }
  return { scale, ticks };
}

/** The timestamp (in ticks) of the last block of the last Cluster in the file's tail, or null. */
async function lastBlockTicks(read: ReadBytes, sizeBytes: number): Promise<number | null> {
  const tailStart = Math.max(0, sizeBytes - TAIL_BYTES);
  const tail = await read(tailStart, sizeBytes - tailStart);
  const clusterId = Buffer.from([0x1f, 0x43, 0xb6, 0x75]);
  // Backwards: the same four bytes inside a frame are no Cluster (its first child is no Timestamp): look further back.
  const before = (end: number) => (end < 0 ? -1 : tail.lastIndexOf(clusterId, end));
  for (let at = before(tail.length - 4); at >= 0; at = before(at - 1)) {
    const cluster = elementAt(tail, at, tailStart);
    if (!cluster) continue;
    const payload = tail.subarray(cluster.start - tailStart, Math.min(cluster.end ?? sizeBytes, sizeBytes) - tailStart);
    const ticks = lastTicksIn(payload, cluster.start);
    if (ticks !== null) return ticks;
  }
  return null;
}

/** A Cluster's Timestamp (its first child) plus the largest relative timestamp of its blocks; null when it is no Cluster. */
function lastTicksIn(cluster: Buffer, offset: number): number | null {
  let base: number | null = null;
  let last: number | null = null;
  for (const child of childrenOf(cluster, offset)) {
    if (base === null) {
      if (child.id !== CLUSTER_TIMESTAMP || child.payload.length < 1 || child.payload.length > 8) return null;
      base = unsigned(child.payload);
      continue;
    }
    const block = child.id === SIMPLE_BLOCK ? child.payload : child.id === BLOCK_GROUP ? blockOf(child.payload, child.start) : null;
    // A block: its track number (a variable-length integer), then its timestamp relative to the Cluster's, a signed 16-bit integer.
    const track = block && vint(block, 0, 8, false);
    if (block && track && block.length >= track.length + 2) last = Math.max(last ?? -Infinity, base + block.readInt16BE(track.length));
  }
  return last;
}

function blockOf(group: Buffer, offset: number): Buffer | null {
  for (const child of childrenOf(group, offset)) if (child.id === BLOCK) return child.payload;
  return null;
}
