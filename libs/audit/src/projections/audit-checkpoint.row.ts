import type { CheckpointStatement } from '../chain/checkpoint-signature.js';

/** A row of audit_checkpoints as node-postgres returns it (bigints as strings). */
export interface AuditCheckpointRow {
  id: string;
  chain_length: string;
  head_seq: string;
  head_hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

export interface AuditCheckpoint extends CheckpointStatement {
  readonly keyId: string;
  readonly signature: string;
}

export function checkpointOfRow(row: AuditCheckpointRow): AuditCheckpoint {
  return {
    chainLength: Number(row.chain_length),
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
    signedAt: row.signed_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
  };
}

export const statementOf = ({ chainLength, headSeq, headHash, signedAt }: AuditCheckpoint): CheckpointStatement => ({
  chainLength,
  headSeq,
  headHash,
  signedAt,
});
