import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditSigner } from '../chain/audit-signer.js';
import { type ChainBreakReason, checkLink, GENESIS_HASH } from '../chain/hash-chain.js';
import { type AuditCheckpoint, type AuditCheckpointRow, checkpointOfRow, statementOf } from '../projections/audit-checkpoint.row.js';
import { type AuditLogRow, entryOfRow } from '../projections/audit-log.row.js';

export interface BrokenLink {
  seq: number;
  globalPosition: number;
  reason: ChainBreakReason;
  expected: string;
  actual: string;
}

/**
 * - hash-mismatch: the entry at `seq` was edited; prev-hash-mismatch: an entry before it was removed or reordered;
 * - gap: entries before `seq` are missing from the numbering;
 * - bad-signature: a checkpoint's signature does not hold by the key it names (forged or edited);
 * - unknown-key: a checkpoint names a key that is neither the current one nor a trusted former one;
 * - checkpoint-mismatch: the chain no longer has the length or head hash a checkpoint signed (rewritten before `seq`);
 * - truncated: the chain is shorter than a checkpoint signed (its newest entries were removed);
 * - unaudited-event: the event at `globalPosition` was delivered to the audit trail but has no entry.
 */
export type AuditProblemKind =
  | ChainBreakReason
  | 'gap'
  | 'bad-signature'
  | 'unknown-key'
  | 'checkpoint-mismatch'
  | 'truncated'
  | 'unaudited-event';

export interface AuditProblem {
  kind: AuditProblemKind;
  seq: number | null;
  globalPosition: number | null;
  detail: string;
}

export interface AuditChainVerification {
  valid: boolean;
  /** Entries examined. */
  entriesChecked: number;
  /** The seq of the newest entry; null when the log is empty. */
  lastSeq: number | null;
  /** The stored hash of the newest entry. */
  headHash: string | null;
  firstBrokenLink: BrokenLink | null;
  checkpointsChecked: number;
  lastCheckpoint: AuditCheckpoint | null;
  /** Every problem found, in chain order, the first MAX_PROBLEMS of them. */
  problems: AuditProblem[];
}

/** Recomputes the whole chain in seq order, checks every signed checkpoint against it, and looks for events it lacks. */
export class VerifyAuditChain extends Query<AuditChainVerification> {}

const BATCH_SIZE = 1000;
const MAX_PROBLEMS = 100;

@QueryHandler(VerifyAuditChain)
export class VerifyAuditChainHandler implements IQueryHandler<VerifyAuditChain> {
  constructor(
    private readonly signer: AuditSigner,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(): Promise<AuditChainVerification> {
    const problems: AuditProblem[] = [];
    const report = (problem: AuditProblem) => {
      if (problems.length < MAX_PROBLEMS) problems.push(problem);
    };
    const checkpoints = ((await this.dataSource.query(`SELECT * FROM audit_checkpoints ORDER BY id`)) as AuditCheckpointRow[]).map(checkpointOfRow);
    for (const checkpoint of checkpoints) {
      const check = this.signer.check(checkpoint.keyId, statementOf(checkpoint), checkpoint.signature);
      if (check === 'invalid') {
        report({ kind: 'bad-signature', seq: checkpoint.headSeq, globalPosition: null, detail: `the checkpoint of ${checkpoint.signedAt} is not signed by key ${checkpoint.keyId}` });
      }
      if (check === 'unknown-key') {
        report({
          kind: 'unknown-key',
          seq: checkpoint.headSeq,
          globalPosition: null,
          detail: `the checkpoint of ${checkpoint.signedAt} names key ${checkpoint.keyId}, which is neither the current key nor one of AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS`,
        });
      }
    }
    const checkpointsAt = new Map<number, AuditCheckpoint[]>();
    for (const checkpoint of checkpoints) checkpointsAt.set(checkpoint.headSeq, [...(checkpointsAt.get(checkpoint.headSeq) ?? []), checkpoint]);
    const checkAgainstCheckpoints = (seq: number, hash: string, length: number) => {
      for (const checkpoint of checkpointsAt.get(seq) ?? []) {
        if (checkpoint.headHash !== hash || checkpoint.chainLength !== length) {
          report({
            kind: 'checkpoint-mismatch',
            seq,
            globalPosition: null,
            detail: `the checkpoint of ${checkpoint.signedAt} signed ${checkpoint.chainLength} entries ending in ${checkpoint.headHash} at seq ${seq}; the chain has ${length} ending in ${hash}: entries up to here were rewritten`,
          });
        }
      }
    };

    let expectedPrevHash = GENESIS_HASH;
    let entriesChecked = 0;
    let lastSeq = 0;
    let headHash: string | null = null;
    let firstBrokenLink: BrokenLink | null = null;
    // The genesis: a checkpoint of the empty chain.
    checkAgainstCheckpoints(0, GENESIS_HASH, 0);
    for (;;) {
      const rows: AuditLogRow[] = await this.dataSource.query(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [lastSeq, BATCH_SIZE]);
      for (const row of rows) {
        const seq = Number(row.seq);
        const globalPosition = Number(row.global_position);
        entriesChecked++;
        if (seq !== lastSeq + 1) {
          report({ kind: 'gap', seq, globalPosition, detail: `entries ${lastSeq + 1} to ${seq - 1} are missing` });
          for (let missing = lastSeq + 1; missing < seq; missing++) checkAgainstCheckpoints(missing, 'missing', entriesChecked - 1);
        }
        const broken = checkLink(expectedPrevHash, { prevHash: row.prev_hash, hash: row.hash, entry: entryOfRow(row) });
        if (broken) {
          firstBrokenLink ??= { seq, globalPosition, ...broken };
          const detail = broken.reason === 'hash-mismatch' ? 'this entry was edited' : 'an entry before this one was removed or reordered';
          report({ kind: broken.reason, seq, globalPosition, detail });
        }
        checkAgainstCheckpoints(seq, row.hash, entriesChecked);
        // Go on from what is stored: one edited entry is one problem, not every one after it.
        expectedPrevHash = row.hash;
        lastSeq = seq;
        headHash = row.hash;
      }
      if (rows.length < BATCH_SIZE) break;
    }

    const lastCheckpoint = checkpoints.at(-1) ?? null;
    const longest = checkpoints.reduce<AuditCheckpoint | null>((most, checkpoint) => (most && most.headSeq >= checkpoint.headSeq ? most : checkpoint), null);
    if (longest && longest.headSeq > lastSeq) {
      report({
        kind: 'truncated',
        seq: lastSeq + 1,
        globalPosition: null,
        detail: `the checkpoint of ${longest.signedAt} signed ${longest.chainLength} entries up to seq ${longest.headSeq}; the chain ends at seq ${lastSeq}: its newest entries were removed`,
      });
    }
    for (const { global_position } of await this.unauditedEvents()) {
      report({ kind: 'unaudited-event', seq: null, globalPosition: Number(global_position), detail: 'this event reached the audit trail but has no entry in it' });
    }
    return {
      valid: problems.length === 0,
      entriesChecked,
      lastSeq: entriesChecked === 0 ? null : lastSeq,
      headHash,
      firstBrokenLink,
      checkpointsChecked: checkpoints.length,
      lastCheckpoint,
      problems,
    };
  }

  /** Events at or before the audit subscription's checkpoint (parked ones aside, staff see those) with no entry. */
  private unauditedEvents(): Promise<{ global_position: string }[]> {
    return this.dataSource.query(
      `SELECT e.global_position FROM events e
         JOIN projection_checkpoints c ON c.name = 'audit'
        WHERE (e.transaction_id, e.global_position) <= (c.transaction_id, c.position)
          AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.global_position = e.global_position)
          AND NOT EXISTS (SELECT 1 FROM subscription_parked_events p WHERE p.subscription = 'audit' AND p.global_position = e.global_position)
        ORDER BY e.global_position LIMIT $1`,
      [MAX_PROBLEMS],
    );
  }
}
