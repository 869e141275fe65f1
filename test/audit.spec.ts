import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

interface AuditRow {
  seq: string;
  global_position: string;
  stream_id: string;
  event_type: string;
  actor_id: string | null;
  payload: any;
  prev_hash: string;
  hash: string;
}

describe('audit trail', () => {
  let app: TestApp;
  let admin: string;
  let adminId: string;
  let learner: TestUser;
  let creator: TestUser;

  /** Waits until the worker has audited every event stored so far. */
  const auditCaughtUp = async () => {
    const [{ position }] = await app.sql(`SELECT coalesce(max(global_position), 0)::int AS position FROM events`);
    await eventually(async () => {
      const [row] = await app.sql(`SELECT 1 FROM audit_log WHERE global_position = $1`, [position]);
      return row;
    }, 15_000, `audit of event ${position}`);
    return position as number;
  };
  const rowsOf = (streamId: string) =>
    app.sql<AuditRow>(`SELECT * FROM audit_log WHERE stream_id = $1 ORDER BY seq`, [streamId]);
  const verify = async () => {
    const response = await app.request('GET', '/api/v1/admin/audit/verify', { token: admin });
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    // No periodic checkpoint mid-test: one signed while an entry is edited would add a checkpoint
    // mismatch to the problems asserted exactly below (audit-checkpoints.spec.ts tests checkpoints).
    app = await TestApp.start({ worker: true, env: { AUDIT_CHECKPOINT_SECONDS: '86400' } });
    admin = await app.adminToken();
    adminId = (await app.request('GET', '/api/v1/me', { token: admin })).body.id;
    learner = await app.user('learner');
    creator = await app.user('creator', ['creator']);
  });
  afterAll(async () => {
    await app.close();
  });

  it('records every stored event in global order, with who caused it', async () => {
    const rows = await eventually(async () => {
      const found = await rowsOf(`user-${creator.id}`);
      return found.length === 3 ? found : undefined;
    }, 15_000, 'the creator stream in the audit log');
    expect(rows.map((row) => row.event_type)).toEqual(['identity.user-registered', 'identity.email-verified', 'identity.roles-granted']);
    expect(rows[0]!.actor_id).toBeNull(); // self-registration: nobody signed in
    expect(rows[2]!.actor_id).toBe(adminId);
    expect(rows[2]!.payload).toEqual({ userId: creator.id, roles: ['creator'] });

    // Every event up to the caught-up position has exactly one audit row, of the same stream and type.
    const position = await auditCaughtUp();
    const [counts] = await app.sql(
      `SELECT (SELECT count(*) FROM events WHERE global_position <= $1)::int AS events,
              (SELECT count(*) FROM audit_log a JOIN events e USING (global_position)
                WHERE a.global_position <= $1 AND e.stream_id = a.stream_id AND e.type = a.event_type)::int AS matching`,
      [position],
    );
    expect(counts.events).toBeGreaterThan(5);
    expect(counts.matching).toBe(counts.events);
    // The chain follows the global order: by transaction id, then position.
    const outOfOrder = await app.sql(
      `SELECT 1 FROM (
         SELECT e.transaction_id, e.global_position,
                lag(e.transaction_id) OVER (ORDER BY a.seq) AS tx_before, lag(e.global_position) OVER (ORDER BY a.seq) AS before
           FROM audit_log a JOIN events e USING (global_position)) t
        WHERE (transaction_id, global_position) <= (tx_before, before)`,
    );
    expect(outOfOrder).toEqual([]);
  });

  it('records admin actions, failed ones too, with the route pattern', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const refused = await app.request('POST', `/api/v1/admin/users/${missing}/roles`, { token: admin, body: { roles: ['expert'] } });
    expect(refused.status).toBe(404);

    const actions = await eventually(async () => {
      const found = await app.sql<AuditRow>(
        `SELECT * FROM audit_log WHERE event_type = 'audit.admin-action-performed' AND actor_id = $1 ORDER BY seq`,
        [adminId],
      );
      return found.some((row) => row.payload.params.id === missing) ? found : undefined;
    }, 15_000, 'the admin actions in the audit log');
    expect(actions.every((row) => row.actor_id === adminId)).toBe(true);
    expect(actions.map((row) => row.payload)).toEqual(
      expect.arrayContaining([
        {
          method: 'POST',
          route: '/api/v1/admin/users/:id/roles',
          params: { id: creator.id },
          statusCode: 200,
          outcome: 'succeeded',
        },
        {
          method: 'POST',
          route: '/api/v1/admin/users/:id/roles',
          params: { id: missing },
          statusCode: 404,
          outcome: 'failed',
        },
      ]),
    );
    // Refused by the guard before reaching the route: not an admin action.
    await app.request('POST', `/api/v1/admin/users/${creator.id}/roles`, { token: learner.token, body: { roles: ['admin'] } });
    await auditCaughtUp();
    expect(await app.sql(`SELECT 1 FROM audit_log WHERE event_type = 'audit.admin-action-performed' AND actor_id = $1`, [learner.id])).toEqual(
      [],
    );
  });

  it('records every one of 50 parallel admin actions, each write in the same transaction as the action itself', async () => {
    const targets = await Promise.all(Array.from({ length: 25 }, (_, i) => app.user(`target-${i}`)));
    const recorded = async () =>
      (await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'audit.admin-action-performed' AND metadata->>'actorId' = $1`, [adminId]))[0]
        .n as number;
    const before = await recorded();
    const responses = await Promise.all([
      ...targets.map((target) => app.request('POST', `/api/v1/admin/users/${target.id}/roles`, { token: admin, body: { roles: ['expert'] } })),
      ...targets.map(() => app.request('GET', '/api/v1/admin/ledger/trial-balance', { token: admin })),
    ]);
    expect(responses.map((response) => response.status)).toEqual([...Array(25).fill(200), ...Array(25).fill(200)]);
    expect((await recorded()) - before).toBe(50);

    // Each grant and its audit record share one transaction: neither can exist without the other.
    const pairs = await app.sql(
      `SELECT g.stream_id, a.data->'params'->>'id' AS target, g.transaction_id = a.transaction_id AS same_transaction
         FROM events g JOIN events a ON a.type = 'audit.admin-action-performed' AND a.metadata->>'requestId' = g.metadata->>'requestId'
        WHERE g.type = 'identity.roles-granted' AND g.data->'roles' = '["expert"]'`,
    );
    expect(pairs).toHaveLength(25);
    expect(pairs.every((pair) => pair.same_transaction && pair.stream_id === `user-${pair.target}`)).toBe(true);

    await auditCaughtUp();
    const [{ n }] = await app.sql(`SELECT count(*)::int AS n FROM audit_log WHERE event_type = 'audit.admin-action-performed' AND actor_id = $1`, [
      adminId,
    ]);
    expect(n - before).toBe(50);
  });

  it('never stores a password or token hash, in any event or audit entry', async () => {
    await auditCaughtUp();
    const passwordHashes = (await app.sql(`SELECT password_hash FROM identity_credentials`)).map((row) => row.password_hash as string);
    const tokenHashes = (await app.sql(`SELECT token_hash FROM identity_refresh_tokens`)).map((row) => row.token_hash as string);
    expect(passwordHashes.length).toBeGreaterThanOrEqual(3);
    expect(tokenHashes.length).toBeGreaterThanOrEqual(3);
    const [stored] = await app.sql(`SELECT string_agg(data::text || metadata::text, ' ') AS text FROM events`);
    const [audited] = await app.sql(`SELECT string_agg(payload::text || metadata::text, ' ') AS text FROM audit_log`);
    for (const text of [stored.text as string, audited.text as string]) {
      expect([...passwordHashes, ...tokenHashes].filter((hash) => text.includes(hash))).toEqual([]);
      expect(text).not.toContain('$argon2id$');
    }

    const [registered] = await rowsOf(`user-${learner.id}`);
    // A person's data is in the trail sealed with their key: erasing the account makes it unreadable there too.
    expect(registered!.payload).toEqual({
      userId: learner.id,
      email: expect.stringMatching(/^sealed:v1:/),
      displayName: expect.stringMatching(/^sealed:v1:/),
      roles: ['learner'],
    });
    expect(JSON.stringify(registered!.payload)).not.toContain(learner.email);
    const sessions = await app.sql<AuditRow>(`SELECT * FROM audit_log WHERE event_type = 'identity.session-started'`);
    expect(sessions.length).toBeGreaterThan(0);
    const allowed = ['expiresAt', 'mfaAt', 'sessionId', 'userId'];
    expect(sessions.every((row) => Object.keys(row.payload).every((key) => allowed.includes(key)))).toBe(true);
  });

  it('filters by stream and by actor, newest first, a page at a time', async () => {
    await auditCaughtUp();
    const first = await app.request('GET', `/api/v1/admin/audit?streamId=user-${creator.id}&limit=1`, { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({
      streamId: `user-${creator.id}`,
      streamType: 'user',
      eventType: 'identity.roles-granted',
      actorId: adminId,
      payload: { userId: creator.id, roles: ['creator'] },
    });
    expect(first.body.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const second = await app.request('GET', `/api/v1/admin/audit?streamId=user-${creator.id}&limit=1&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    expect(second.body.items.map((item: any) => item.eventType)).toEqual(['identity.email-verified']);
    const third = await app.request('GET', `/api/v1/admin/audit?streamId=user-${creator.id}&limit=1&cursor=${second.body.nextCursor}`, {
      token: admin,
    });
    expect(third.body.items.map((item: any) => item.eventType)).toEqual(['identity.user-registered']);
    expect(third.body.items[0].payload).not.toHaveProperty('passwordHash');
    expect(third.body.nextCursor).toBeNull();

    // Walk the admin's whole trail two at a time.
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await app.request('GET', `/api/v1/admin/audit?actorId=${adminId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: admin,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const seqs = seen.map((item) => item.seq);
    expect(seen.every((item) => item.actorId === adminId)).toBe(true);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    const expected = await app.sql(`SELECT seq::int FROM audit_log WHERE actor_id = $1 AND seq <= $2 ORDER BY seq DESC`, [adminId, seqs[0]]);
    expect(seqs).toEqual(expected.map((row) => row.seq));
    expect(seen.map((item) => item.eventType)).toEqual(expect.arrayContaining(['identity.roles-granted', 'audit.admin-action-performed']));

    const learnerTrail = await app.request('GET', `/api/v1/admin/audit?actorId=${learner.id}`, { token: admin });
    expect(learnerTrail.body.items.length).toBeGreaterThan(0);
    expect(learnerTrail.body.items.every((item: any) => item.actorId === learner.id)).toBe(true);
  });

  it('rejects bad filters', async () => {
    const bad = (query: string) => app.request('GET', `/api/v1/admin/audit?${query}`, { token: admin });
    expect((await bad('actorId=not-a-uuid')).status).toBe(400);
    expect((await bad(`streamId=${'x'.repeat(201)}`)).status).toBe(400);
    expect((await bad('cursor=bm9wZQ')).status).toBe(400);
    expect((await bad('limit=1000')).status).toBe(400);
    expect((await bad('sort=asc')).status).toBe(400);
  });

  it('lets only admins read or verify the trail', async () => {
    for (const url of ['/api/v1/admin/audit', '/api/v1/admin/audit/verify']) {
      expect((await app.request('GET', url, { token: learner.token })).status).toBe(403);
      expect((await app.request('GET', url, { token: creator.token })).status).toBe(403);
      expect((await app.request('GET', url)).status).toBe(401);
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit log', async () => {
    await expect(app.sql(`UPDATE audit_log SET payload = '{}' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(app.sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect((await app.sql(`SELECT 1 FROM audit_log WHERE seq = 1`))).toHaveLength(1);
  });

  it('verifies the chain and finds an edited or removed entry', async () => {
    await auditCaughtUp();
    const intact = await verify();
    const [head] = await app.sql(
      `SELECT hash, (SELECT count(*)::int FROM audit_log WHERE seq <= $1) AS entries FROM audit_log WHERE seq = $1`,
      [intact.lastSeq],
    );
    expect(intact).toMatchObject({ valid: true, entriesChecked: head.entries, lastSeq: intact.lastSeq, headHash: head.hash, firstBrokenLink: null, problems: [] });
    expect(intact.entriesChecked).toBeGreaterThan(5);

    // An attacker with superuser rights switches the guard off and rewrites history.
    const [target] = await rowsOf(`user-${creator.id}`);
    const seq = Number(target!.seq);
    await app.sql(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
    try {
      await app.sql(`UPDATE audit_log SET payload = jsonb_set(payload, '{displayName}', '"mallory"') WHERE seq = $1`, [seq]);
      const edited = await verify();
      expect(edited.valid).toBe(false);
      expect(edited.firstBrokenLink).toMatchObject({
        seq,
        globalPosition: Number(target!.global_position),
        reason: 'hash-mismatch',
        actual: target!.hash,
      });
      expect(edited.firstBrokenLink.expected).not.toBe(target!.hash);
      expect(edited.problems).toEqual([{ kind: 'hash-mismatch', seq, globalPosition: Number(target!.global_position), detail: 'this entry was edited' }]);

      // Putting the original back makes the chain whole again: verify recomputes, it remembers nothing.
      await app.sql(`UPDATE audit_log SET payload = $2::jsonb WHERE seq = $1`, [seq, JSON.stringify(target!.payload)]);
      expect((await verify()).valid).toBe(true);

      const [before] = await app.sql(`SELECT hash FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT 1`, [seq]);
      const [next] = await app.sql(`SELECT seq::int FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1`, [seq]);
      await app.sql(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
      const removed = await verify();
      expect(removed.valid).toBe(false);
      expect(removed.firstBrokenLink).toMatchObject({
        seq: next.seq,
        reason: 'prev-hash-mismatch',
        expected: before.hash,
        actual: target!.hash,
      });
      expect(removed.problems.map((problem: { kind: string; seq: number }) => [problem.kind, problem.seq])).toEqual([
        ['gap', next.seq],
        ['prev-hash-mismatch', next.seq],
        ['unaudited-event', null],
      ]);
    } finally {
      await app.sql(`ALTER TABLE audit_log ENABLE TRIGGER ALL`);
    }
  });
});
