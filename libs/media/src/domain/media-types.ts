import { MediaErrors } from './media.errors.js';

export const MEDIA_KINDS = ['audio', 'video', 'image', 'attachment'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * What the bytes of a file are, read from their first bytes (magic numbers), whatever the uploader
 * said. `iso-bmff` is the MP4/QuickTime/M4A family (an `ftyp` box), `matroska` WebM and MKV (EBML).
 */
export const SIGNATURES = ['png', 'jpeg', 'gif', 'webp', 'iso-bmff', 'matroska', 'mp3', 'wav', 'ogg', 'flac', 'pdf', 'zip'] as const;
export type Signature = (typeof SIGNATURES)[number];

/** The MIME types each kind accepts, and the signature the bytes of each must have. */
export const ACCEPTED_TYPES: Readonly<Record<MediaKind, Readonly<Record<string, Signature>>>> = {
  audio: {
    'audio/mpeg': 'mp3',
    'audio/mp4': 'iso-bmff',
    'audio/x-m4a': 'iso-bmff',
    'audio/ogg': 'ogg',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'audio/flac': 'flac',
    'audio/webm': 'matroska',
  },
  video: {
    'video/mp4': 'iso-bmff',
    'video/quicktime': 'iso-bmff',
    'video/webm': 'matroska',
    'video/x-matroska': 'matroska',
  },
  image: {
    'image/png': 'png',
    'image/jpeg': 'jpeg',
    'image/gif': 'gif',
    'image/webp': 'webp',
  },
  attachment: {
    'application/pdf': 'pdf',
    'application/zip': 'zip',
    'application/epub+zip': 'zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'zip',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'zip',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'zip',
  },
};

/** Largest file of each kind, in bytes (configured). */
export type SizeLimits = Readonly<Record<MediaKind, number>>;

/** Longest file name kept (it names the download, nothing on disk). */
export const MAX_FILE_NAME_LENGTH = 255;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * Marks that reorder what is shown (a name ending "\u202Efdp.exe" shows as "exe.pdf"): a download's
 * name would lie about its extension. Zero-width joiners (emoji sequences) are kept.
 */
const DIRECTION_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Half of a UTF-16 pair alone: no character at all (JSON can carry one; nothing downstream can encode it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isMediaKind = (kind: string): kind is MediaKind => (MEDIA_KINDS as readonly string[]).includes(kind);

/** The signature a declared type must show, or null when the kind does not accept the type. */
export const expectedSignature = (kind: MediaKind, mimeType: string): Signature | null =>
  Object.hasOwn(ACCEPTED_TYPES[kind], mimeType) ? ACCEPTED_TYPES[kind][mimeType]! : null;

/**
 * Why a file name cannot be kept, or null. It only names the download (storage keys are the
 * asset's id), but a name with a path in it, or control characters, is a client bug or an attack.
 */
export function fileNameRefusal(fileName: string): string | null {
  if (fileName.trim() === '') return 'must not be empty';
  if ([...fileName].length > MAX_FILE_NAME_LENGTH) return `must be at most ${MAX_FILE_NAME_LENGTH} characters`;
  if (fileName.includes('/') || fileName.includes('\\')) return 'must not contain a path (/ or \\)';
  if (CONTROL_CHARACTERS.test(fileName)) return 'must not contain control characters';
  if (DIRECTION_MARKS.test(fileName)) return 'must not contain direction marks (they can disguise its extension)';
  if (LONE_SURROGATE.test(fileName)) return 'must be valid Unicode (no lone surrogate)';
  if (fileName === '.' || fileName === '..') return 'must name a file';
  return null;
}

export interface Declaration {
  readonly kind: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
  readonly fileName: string;
}

/**
 * Refuses what may never be uploaded: an unknown kind, a MIME type the kind does not accept (exactly
 * as listed: parameters such as `; charset=` are not), a size that is no whole positive number of
 * bytes or beyond the kind's limit, a file name with a path in it.
 */
export function checkDeclaration(declaration: Declaration, limits: SizeLimits): { kind: MediaKind; signature: Signature } {
  const { kind, mimeType, sizeBytes, fileName } = declaration;
  if (!isMediaKind(kind)) throw MediaErrors.kindUnknown(kind);
  const signature = expectedSignature(kind, mimeType);
  if (signature === null) throw MediaErrors.mimeTypeNotAllowed(kind, Object.keys(ACCEPTED_TYPES[kind]));
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 1) throw MediaErrors.sizeInvalid();
  if (sizeBytes > limits[kind]) throw MediaErrors.tooLarge(kind, limits[kind]);
  const refusal = fileNameRefusal(fileName);
  if (refusal) throw MediaErrors.fileNameInvalid(refusal);
  return { kind, signature };
}
