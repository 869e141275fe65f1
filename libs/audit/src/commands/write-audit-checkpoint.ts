import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AbilityFactory, type Actor } from '#platform';
import { AuditSigner } from '../chain/audit-signer.js';
import { checkLink, GENESIS_HASH } from '../chain/hash-chain.js';
import { AuditErrors } from '../domain/audit.errors.js';
import { type AuditCheckpoint, type AuditCheckpointRow, checkpointOfRow } from '../projections/audit-checkpoint.row.js';
import { type AuditLogRow, entryOfRow } from '../projections/audit-log.row.js';

/**
 * Signs the chain's length and head hash as they are now (the worker's schedule, or an admin on
 * demand), after checking every link since the last checkpoint: a signature never vouches for a
 * chain that was altered. Nothing new since the last checkpoint: that one is the answer.
 */
export class WriteAuditCheckpoint extends Command<AuditCheckpoint> {
  /** `actor`: the admin who asked; null for the schedule. */
  constructor(readonly actor: Actor | null) {
    super();
  }
}

const BATCH_SIZE = 1000;

@CommandHandler(WriteAuditCheckpoint)
export class WriteAuditCheckpointHandler implements ICommandHandler<WriteAuditCheckpoint> {
  private readonly logger = new Logger('AuditCheckpoints');

  constructor(
    private readonly signer: AuditSigner,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: WriteAuditCheckpoint): Promise<AuditCheckpoint> {
    if (command.actor) this.abilities.require(command.actor, 'checkpoint', 'AuditLog');
    return this.dataSource.transaction(async (tx) => {
      // One signer at a time (the schedule and an admin may ask at once).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit-checkpoint'))`);
      const [lastRow]: AuditCheckpointRow[] = await tx.query(`SELECT * FROM audit_checkpoints ORDER BY id DESC LIMIT 1`);
      const last = lastRow ? checkpointOfRow(lastRow) : null;
      const [head]: { seq: string; hash: string }[] = await tx.query(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
      const headSeq = head ? Number(head.seq) : 0;
      const headHash = head?.hash ?? GENESIS_HASH;
      if (last && last.headSeq === headSeq && last.headHash === headHash) return last;
      await this.checkSince(last, headSeq, tx);
      // Up to the head read above: the audit writer may append meanwhile.
      const [{ length }]: { length: string }[] = await tx.query(`SELECT count(*) AS length FROM audit_log WHERE seq <= $1`, [headSeq]);
      const statement = { chainLength: Number(length), headSeq, headHash, signedAt: new Date().toISOString() };
      const [row]: AuditCheckpointRow[] = await tx.query(
        `INSERT INTO audit_checkpoints (chain_length, head_seq, head_hash, signed_at, key_id, signature)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [statement.chainLength, headSeq, headHash, statement.signedAt, this.signer.keyId, this.signer.sign(statement)],
      );
      return checkpointOfRow(row!);
    });
  }

  /** Every link after the last checkpoint's head up to `headSeq`, starting from the hash it signed, holds and follows on without a gap. */
  private async checkSince(last: AuditCheckpoint | null, headSeq: number, tx: EntityManager): Promise<void> {
    let prevSeq = last?.headSeq ?? 0;
    let prevHash = last?.headHash ?? GENESIS_HASH;
    if (last && last.headSeq > 0) {
      const [signedHead]: { hash: string }[] = await tx.query(`SELECT hash FROM audit_log WHERE seq = $1`, [last.headSeq]);
      if (signedHead?.hash !== last.headHash) throw this.broken(last.headSeq);
    }
    for (;;) {
      const rows: AuditLogRow[] = await tx.query(`SELECT * FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`, [
        prevSeq,
        headSeq,
        BATCH_SIZE,
      ]);
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== prevSeq + 1 || checkLink(prevHash, { prevHash: row.prev_hash, hash: row.hash, entry: entryOfRow(row) })) {
          throw this.broken(seq);
        }
        prevSeq = seq;
        prevHash = row.hash;
      }
      if (rows.length < BATCH_SIZE) return;
    }
  }

  private broken(seq: number) {
    this.logger.error(`the audit chain does not verify at seq ${seq}: no checkpoint signed (GET /api/v1/admin/audit/verify names every problem)`);
    return AuditErrors.chainBroken(seq);
  }
}
