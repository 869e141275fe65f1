/** Small, real files of each container the media checks read (built here, so no binary sits in the repository). */

const box = (type: string, payload: Buffer): Buffer => {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
};

/**
 * An MP4 (ISO BMFF): `ftyp`, `moov` with an `mvhd` stating `seconds` and one track (`trak/mdia/hdlr`:
 * video by default, or audio as in an M4A), then `mdat` of `dataBytes`.
 */
export function mp4(seconds: number, dataBytes = 64, track: 'video' | 'audio' = 'video'): Buffer {
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.alloc(4), Buffer.from('isommp41', 'latin1')]));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(Math.round(seconds * 1000), 16); // duration
  const hdlr = Buffer.concat([Buffer.alloc(8), Buffer.from(track === 'video' ? 'vide' : 'soun', 'latin1'), Buffer.alloc(12), Buffer.from('zhiku\0', 'latin1')]);
  const trak = box('trak', box('mdia', Buffer.concat([box('mdhd', Buffer.alloc(24)), box('hdlr', hdlr)])));
  return Buffer.concat([ftyp, box('moov', Buffer.concat([box('mvhd', mvhd), trak])), box('mdat', Buffer.alloc(dataBytes, 7))]);
}

/** A mono 8-bit 8 kHz PCM WAV of `seconds`. */
export function wav(seconds: number): Buffer {
  const data = Buffer.alloc(Math.round(8000 * seconds), 128);
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // channels
  fmt.writeUInt32LE(8000, 4); // sample rate
  fmt.writeUInt32LE(8000, 8); // byte rate
  fmt.writeUInt16LE(1, 12); // block align
  fmt.writeUInt16LE(8, 14); // bits per sample
  const chunk = (id: string, payload: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), chunk('data', data)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** The first bytes of a PNG, then filler: enough for its signature. */
export function png(bytes = 64): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(bytes - 8, 1)]);
}

/** A PDF header and filler. */
export function pdf(bytes = 64): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(bytes - 9, 0x20)]);
}

/**
 * An MP3 of `seconds`: MPEG-1 layer III frames at 128 kbit/s and 48 kHz (384 bytes, 24 ms each, so
 * bytes over bitrate is exact), optionally behind an ID3v2 tag and with a Xing header stating
 * `xingFrames` in its first frame (what a VBR encoder writes).
 */
export function mp3(seconds: number, options: { id3?: boolean; xingFrames?: number } = {}): Buffer {
  const frame = () => {
    const bytes = Buffer.alloc(384, 0x55);
    bytes.set([0xff, 0xfb, 0x94, 0x44], 0); // sync, MPEG-1 layer III no CRC; 128 kbit/s, 48 kHz; joint stereo
    return bytes;
  };
  const frames = Array.from({ length: Math.round(seconds / 0.024) }, frame);
  if (options.xingFrames !== undefined) {
    const first = frame();
    first.fill(0, 4, 4 + 32); // side information
    first.write('Xing', 36, 'latin1');
    first.writeUInt32BE(0x1, 40); // flags: the frame count is present
    first.writeUInt32BE(options.xingFrames, 44);
    frames.unshift(first);
  }
  const id3 = options.id3 ? Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x01\x00', 'latin1'), Buffer.alloc(128)]) : Buffer.alloc(0);
  return Buffer.concat([id3, ...frames]);
}

const OGG_CRC = Array.from({ length: 256 }, (_, index) => {
  let value = index << 24;
  for (let bit = 0; bit < 8; bit++) value = value & 0x80000000 ? (value << 1) ^ 0x04c11db7 : value << 1;
  return value >>> 0;
});

/** One Ogg page holding one packet (under 255 × 255 bytes), with its CRC. */
export function oggPage(packet: Buffer, options: { granule: bigint; sequence: number; serial?: number; flags?: number }): Buffer {
  const lacing = [...Array(Math.floor(packet.length / 255)).fill(255), packet.length % 255];
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[5] = options.flags ?? 0;
  header.writeBigInt64LE(options.granule, 6);
  header.writeUInt32LE(options.serial ?? 0x5a48, 14);
  header.writeUInt32LE(options.sequence, 18);
  header[26] = lacing.length;
  header.set(lacing, 27);
  const page = Buffer.concat([header, packet]);
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  page.writeUInt32LE(crc, 22);
  return page;
}

/**
 * An Ogg Vorbis (44.1 kHz) or Opus (48 kHz, 312 samples of pre-skip) file of `seconds`: the codec's
 * identification header on the first page, filler packets, and a last page whose granule position
 * counts the samples to its end.
 */
export function ogg(seconds: number, codec: 'vorbis' | 'opus' = 'vorbis'): Buffer {
  let identification: Buffer;
  let lastGranule: bigint;
  if (codec === 'vorbis') {
    identification = Buffer.alloc(30);
    identification.write('\x01vorbis', 0, 'latin1');
    identification[11] = 1; // channels
    identification.writeUInt32LE(44_100, 12);
    identification[28] = 0xb8; // block sizes
    identification[29] = 1; // framing
    lastGranule = BigInt(Math.round(seconds * 44_100));
  } else {
    identification = Buffer.alloc(19);
    identification.write('OpusHead', 0, 'latin1');
    identification[8] = 1; // version
    identification[9] = 1; // channels
    identification.writeUInt16LE(312, 10); // pre-skip
    identification.writeUInt32LE(48_000, 12);
    lastGranule = BigInt(Math.round(seconds * 48_000) + 312);
  }
  return Buffer.concat([
    oggPage(identification, { granule: 0n, sequence: 0, flags: 0x02 }),
    oggPage(Buffer.alloc(600, 0x33), { granule: lastGranule / 2n, sequence: 1 }),
    oggPage(Buffer.alloc(300, 0x44), { granule: lastGranule, sequence: 2, flags: 0x04 }),
  ]);
}

/** An EBML element: its id (hex, as the Matroska specification writes it), an 8-byte size, its payload. */
export function ebml(idHex: string, payload: Buffer): Buffer {
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(payload.length), 0);
  size[0] = 0x01; // the 8-byte length marker (the sizes here never reach 2^56)
  return Buffer.concat([Buffer.from(idHex, 'hex'), size, payload]);
}

/**
 * A WebM of `seconds`: an EBML header, then a Segment with Info (TimestampScale 1 ms, Duration as a
 * float64, left out with `duration: false`, as a browser's live recording has it), Tracks (one Opus
 * audio or VP9 video track) and a first Cluster at 0 and a last one whose last block is at `seconds`
 * (of unknown size with `openClusters`, as a live recording writes them).
 */
export function webm(seconds: number, options: { duration?: boolean; track?: 'audio' | 'video'; openClusters?: boolean } = {}): Buffer {
  const uint = (value: number) => Buffer.from([value >> 16, (value >> 8) & 0xff, value & 0xff]);
  const float64 = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value, 0);
    return bytes;
  };
  const header = ebml('1a45dfa3', Buffer.concat([ebml('4282', Buffer.from('webm')), ebml('4287', Buffer.from([4])), ebml('4285', Buffer.from([2]))]));
  const info = ebml(
    '1549a966',
    Buffer.concat([ebml('2ad7b1', uint(1_000_000)), ...(options.duration === false ? [] : [ebml('4489', float64(seconds * 1000))]), ebml('4d80', Buffer.from('zhiku-test'))]),
  );
  const video = options.track === 'video';
  const tracks = ebml(
    '1654ae6b',
    ebml('ae', Buffer.concat([ebml('d7', Buffer.from([1])), ebml('83', Buffer.from([video ? 1 : 2])), ebml('86', Buffer.from(video ? 'V_VP9' : 'A_OPUS'))])),
  );
  // A block of track 1 at `relative` ms from its Cluster, with filler for a frame.
  const block = (relative: number) => ebml('a3', Buffer.concat([Buffer.from([0x81, relative >> 8, relative & 0xff, 0x80]), Buffer.alloc(100, 0x66)]));
  const cluster = (at: number, relatives: number[]) => {
    const element = ebml('1f43b675', Buffer.concat([ebml('e7', uint(at)), ...relatives.map(block)]));
    if (options.openClusters) element.fill(0xff, 5, 12); // the size: "unknown", all ones
    return element;
  };
  const end = Math.round(seconds * 1000);
  const clusters = [cluster(0, [0, 20]), cluster(Math.max(0, end - 40), [0, Math.min(end, 40)])];
  return Buffer.concat([header, ebml('18538067', Buffer.concat([info, tracks, ...clusters]))]);
}
