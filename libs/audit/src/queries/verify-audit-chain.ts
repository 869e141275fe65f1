import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ChainBreakReason, checkLink, GENESIS_HASH } from '../chain/hash-chain.js';
import { type AuditLogRow, entryOfRow } from '../projections/audit-log.row.js';

export interface BrokenLink {
  seq: number;
  globalPosition: number;
  reason: ChainBreakReason;
  expected: string;
  actual: string;
}

export interface AuditChainVerification {
  valid: boolean;
  /** Entries examined, the broken one included. */
  entriesChecked: number;
  /** The seq of the last entry examined; null when the log is empty. */
  lastSeq: number | null;
  /** The stored hash of the last entry examined; for a valid chain, its head. */
  headHash: string | null;
  firstBrokenLink: BrokenLink | null;
}

/** Recomputes the whole chain in seq order and stops at the first link that does not hold. */
export class VerifyAuditChain extends Query<AuditChainVerification> {}

const BATCH_SIZE = 1000;

@QueryHandler(VerifyAuditChain)
export class VerifyAuditChainHandler implements IQueryHandler<VerifyAuditChain> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(): Promise<AuditChainVerification> {
    let expectedPrevHash = GENESIS_HASH;
    let entriesChecked = 0;
    let lastSeq: number | null = null;
    let headHash: string | null = null;
    for (;;) {
      const rows: AuditLogRow[] = await this.dataSource.query(
        `SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [lastSeq ?? 0, BATCH_SIZE],
      );
      for (const row of rows) {
        entriesChecked++;
        lastSeq = Number(row.seq);
        headHash = row.hash;
        const broken = checkLink(expectedPrevHash, { prevHash: row.prev_hash, hash: row.hash, entry: entryOfRow(row) });
        if (broken) {
          const firstBrokenLink = { seq: lastSeq, globalPosition: Number(row.global_position), ...broken };
          return { valid: false, entriesChecked, lastSeq, headHash, firstBrokenLink };
        }
        expectedPrevHash = row.hash;
      }
      if (rows.length < BATCH_SIZE) return { valid: true, entriesChecked, lastSeq, headHash, firstBrokenLink: null };
    }
  }
}
