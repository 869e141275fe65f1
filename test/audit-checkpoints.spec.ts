import { verify as verifySignature } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '#platform/domain';
import { SubscriptionRunner } from '#platform';
import { chainHash } from '../libs/audit/src/chain/hash-chain.js';
import { entryOfRow } from '../libs/audit/src/projections/audit-log.row.js';
import { eventually, TestApp } from './support/test-app.js';

interface Problem {
  kind: string;
  seq: number | null;
  globalPosition: number | null;
  detail: string;
}

/** An outsider's check of a checkpoint: the published key, the documented statement, nothing of ours. */
function signedByPublishedKey(publicKeyPem: string, checkpoint: Record<string, unknown>): boolean {
  const { chainLength, headSeq, headHash, signedAt, signature } = checkpoint;
  return verifySignature(null, Buffer.from(canonicalJson({ chainLength, headSeq, headHash, signedAt })), publicKeyPem, Buffer.from(String(signature), 'base64url'));
}

describe('audit: signed checkpoints, and a verify that finds every kind of tampering', () => {
  let app: TestApp;
  let admin: string;
  let publicKeyPem: string;
  const verify = async () => {
    const response = await app.request('GET', '/api/v1/admin/audit/verify', { token: admin });
    expect(response.status).toBe(200);
    return response.body as { valid: boolean; problems: Problem[]; lastSeq: number; checkpointsChecked: number; lastCheckpoint: any };
  };
  const checkpoint = () => app.request('POST', '/api/v1/admin/audit/checkpoints', { token: admin });
  /** Runs `work` as someone with the database's owner rights, the append-only triggers off. */
  const asAttacker = async (work: () => Promise<void>) => {
    await app.sql(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
    try {
      await work();
    } finally {
      await app.sql(`ALTER TABLE audit_log ENABLE TRIGGER ALL`);
    }
  };

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { AUDIT_CHECKPOINT_SECONDS: '1' } });
    admin = await app.adminToken();
    const key = await app.request('GET', '/api/v1/audit/public-key');
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    publicKeyPem = key.body.publicKeyPem;
    expect(publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });
  afterAll(async () => {
    await app.close();
  });

  it('has the worker sign a checkpoint of the chain every AUDIT_CHECKPOINT_SECONDS, which anyone can verify with the published key', async () => {
    const [signed] = await eventually(
      async () => {
        const rows = await app.sql(`SELECT * FROM audit_checkpoints WHERE chain_length > 0 ORDER BY id DESC LIMIT 1`);
        return rows.length > 0 ? rows : undefined;
      },
      15_000,
      'a scheduled checkpoint',
    );
    const [head] = await app.sql(`SELECT hash, (SELECT count(*)::int FROM audit_log WHERE seq <= $1) AS length FROM audit_log WHERE seq = $1`, [signed.head_seq]);
    expect({ hash: signed.head_hash, length: Number(signed.chain_length) }).toEqual({ hash: head.hash, length: head.length });
    const statement = {
      chainLength: Number(signed.chain_length),
      headSeq: Number(signed.head_seq),
      headHash: signed.head_hash,
      signedAt: signed.signed_at.toISOString(),
      signature: signed.signature,
    };
    expect(signedByPublishedKey(publicKeyPem, statement)).toBe(true);
    expect(signedByPublishedKey(publicKeyPem, { ...statement, chainLength: statement.chainLength + 1 })).toBe(false);
  });

  it('signs one on demand for admins only; with nothing new, the last one is the answer', async () => {
    const learner = await app.user('nosy');
    expect((await app.request('POST', '/api/v1/admin/audit/checkpoints', { token: learner.token })).status).toBe(403);
    expect((await app.request('POST', '/api/v1/admin/audit/checkpoints')).status).toBe(401);
    const made = await checkpoint();
    expect(made.status).toBe(201);
    expect(signedByPublishedKey(publicKeyPem, made.body)).toBe(true);
    expect((await verify()).problems).toEqual([]);
  });

  describe('once the chain holds over 100 entries and the audit writer has stopped', () => {
    let signedHead: { headSeq: number; headHash: string; chainLength: number };
    beforeAll(async () => {
      for (let i = 0; i < 40; i++) await app.user(`filler-${i}`);
      const [{ position }] = await app.sql(`SELECT max(global_position)::int AS position FROM events`);
      await eventually(async () => (await app.sql(`SELECT 1 FROM audit_log WHERE global_position = $1`, [position])).length > 0, 20_000, 'audit catch-up');
      // Stop the writer: from now on the chain changes only by the attacker's hand.
      await app.worker!.get(SubscriptionRunner).stop();
      const made = await checkpoint();
      expect(made.status).toBe(201);
      signedHead = made.body;
      expect(signedHead.chainLength).toBeGreaterThan(100);
      expect((await verify()).problems).toEqual([]);
    });

    it('names the row when any one of 100 random rows is tampered with, whatever was changed', async () => {
      const seqs = (await app.sql(`SELECT seq::int FROM audit_log ORDER BY random() LIMIT 100`)).map((row) => row.seq as number);
      expect(seqs).toHaveLength(100);
      const tamperings = [
        `payload = payload || '{"tampered": true}'`,
        `actor_id = '00000000-0000-4000-8000-000000000000'`,
        `event_type = 'identity.nothing-happened'`,
        `occurred_at = occurred_at + interval '1 second'`,
        `stream_id = stream_id || '-x'`,
        `metadata = metadata || '{"clientIp": "10.6.6.6"}'`,
        `request_id = 'forged'`,
        `global_position = global_position + 1000000`,
        `hash = md5(hash) || md5(hash)`,
        `prev_hash = md5(prev_hash) || md5(prev_hash)`,
      ];
      await asAttacker(async () => {
        for (const [i, seq] of seqs.entries()) {
          const [original] = await app.sql(`SELECT * FROM audit_log WHERE seq = $1`, [seq]);
          const change = tamperings[i % tamperings.length]!;
          await app.sql(`UPDATE audit_log SET ${change} WHERE seq = $1`, [seq]);
          const result = await verify();
          expect({ seq, change, valid: result.valid }).toEqual({ seq, change, valid: false });
          expect({ seq, change, named: result.problems.some((problem) => problem.seq === seq) }).toEqual({ seq, change, named: true });
          await app.sql(
            `UPDATE audit_log SET payload = $2, actor_id = $3, event_type = $4, occurred_at = $5, stream_id = $6, metadata = $7,
                    request_id = $8, global_position = $9, hash = $10, prev_hash = $11 WHERE seq = $1`,
            [seq, original.payload, original.actor_id, original.event_type, original.occurred_at, original.stream_id, original.metadata,
              original.request_id, original.global_position, original.hash, original.prev_hash],
          );
        }
      });
      expect((await verify()).problems).toEqual([]);
    });

    it('finds the chain rewritten from row 21 with our own hashing code: it no longer matches what a checkpoint signed', async () => {
      const originals = await app.sql(`SELECT * FROM audit_log WHERE seq >= 21 ORDER BY seq`);
      await asAttacker(async () => {
        let [{ hash: prevHash }] = await app.sql(`SELECT hash FROM audit_log WHERE seq = 20`);
        for (const row of originals) {
          const forged = { ...row, actor_id: row.seq === '21' ? 'mallory' : row.actor_id, prev_hash: prevHash };
          const hash = chainHash(prevHash, entryOfRow(forged));
          await app.sql(`UPDATE audit_log SET actor_id = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, forged.actor_id, prevHash, hash]);
          prevHash = hash;
        }
        const rewritten = await verify();
        expect(rewritten.valid).toBe(false);
        expect(rewritten.problems.map((problem) => [problem.kind, problem.seq])).toContainEqual(['checkpoint-mismatch', signedHead.headSeq]);
        expect(rewritten.problems.filter((problem) => ['hash-mismatch', 'prev-hash-mismatch'].includes(problem.kind))).toEqual([]);
        // Nor will a new checkpoint vouch for it.
        const refused = await checkpoint();
        expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'AUDIT.CHAIN_BROKEN' });
        for (const row of originals) {
          await app.sql(`UPDATE audit_log SET actor_id = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, row.actor_id, row.prev_hash, row.hash]);
        }
      });
      expect((await verify()).problems).toEqual([]);
    });

    it('refuses to sign a chain that does not verify since the last checkpoint', async () => {
      const [head] = await app.sql(`SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1`);
      await asAttacker(async () => {
        await app.sql(
          `INSERT INTO audit_log (seq, global_position, stream_id, stream_type, event_type, actor_id, request_id, occurred_at, payload, metadata, prev_hash, hash)
           VALUES ($1, 999999999, 'forged', 'forged', 'forged', null, null, now(), '{}', '{}', $2, $2)`,
          [Number(head.seq) + 1, 'f'.repeat(64)],
        );
        const refused = await checkpoint();
        await app.sql(`DELETE FROM audit_log WHERE seq = $1`, [Number(head.seq) + 1]);
        expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'AUDIT.CHAIN_BROKEN' });
      });
      expect((await app.sql(`SELECT count(*)::int AS n FROM audit_checkpoints WHERE head_seq > $1`, [head.seq]))[0].n).toBe(0);
    });

    it('finds the newest rows deleted: the chain is shorter than the last checkpoint, and their events have no entry', async () => {
      const newest = await app.sql(`SELECT seq::int, global_position::int FROM audit_log ORDER BY seq DESC LIMIT 3`);
      await asAttacker(async () => {
        await app.sql(`DELETE FROM audit_log WHERE seq >= $1`, [newest[2]!.seq]);
      });
      const result = await verify();
      expect(result.valid).toBe(false);
      expect(result.lastSeq).toBe(newest[2]!.seq - 1);
      expect(result.problems.map((problem) => [problem.kind, problem.kind === 'unaudited-event' ? problem.globalPosition : problem.seq])).toEqual([
        ['truncated', newest[2]!.seq],
        ...newest.map((row) => ['unaudited-event', row.global_position]).reverse(),
      ]);
    });
  });
});
