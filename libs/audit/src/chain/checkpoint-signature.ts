/**
 * What a checkpoint signs: the chain had `chainLength` entries, the newest at `headSeq` with hash
 * `headHash`, at `signedAt`. Anyone holding the public key can check an exported log against it:
 * the signature is the platform's Ed25519 statement signature (over the canonical JSON of this object).
 */
export interface CheckpointStatement {
  readonly chainLength: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly signedAt: string;
}
