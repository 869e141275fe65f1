/**
 * What a checkpoint signs: the chain had `chainLength` entries, the newest at `headSeq` with hash
 * `headHash`, at `signedAt`. Anyone holding the public key can check an exported log against it:
 * the signature is Ed25519 over the canonical JSON of this object (keys sorted, no spaces), made and
 * checked with the platform's signStatement and statementIsSigned.
 */
export interface CheckpointStatement {
  readonly chainLength: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly signedAt: string;
}
