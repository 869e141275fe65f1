/** Reads `length` bytes from `start` of the stored object (fewer at its end). */
export type ReadBytes = (start: number, length: number) => Promise<Buffer>;

/** Boxes, chunks, pages or elements looked at, at most, before giving up on a file (a crafted one could hold millions). */
export const MAX_STRUCTURES = 4096;
