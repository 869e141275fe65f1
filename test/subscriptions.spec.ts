import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import { eventually, TestApp } from './support/test-app.js';

describe('checkpointed subscriptions across several workers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
  });
  afterAll(async () => {
    await app.close();
  });

  const auditedEverything = async () => {
    const [row] = await app.sql(
      `SELECT (SELECT count(*)::int FROM events) AS events,
              (SELECT count(*)::int FROM audit_log) AS audited,
              (SELECT count(DISTINCT global_position)::int FROM audit_log) AS distinct_positions,
              (SELECT count(*)::int FROM events e WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.global_position = e.global_position)) AS missing`,
    );
    return row.audited === row.events && row.missing === 0 ? row : undefined;
  };

  it('runs each subscriber once across two workers, and a standby takes over when the active one stops', async () => {
    const second = await createWorker(app.config);
    try {
      for (const name of ['w1', 'w2', 'w3']) await app.user(name);
      const first = await eventually(auditedEverything, 15_000, 'audit to catch up with two workers');
      expect(first.distinct_positions).toBe(first.audited);

      // Stop the first worker: if it held the locks, the standby must take over.
      await app.worker!.close();
      for (const name of ['w4', 'w5']) await app.user(name);
      const after = await eventually(auditedEverything, 15_000, 'audit to catch up after failover');
      expect(after.audited).toBeGreaterThan(first.audited);
      expect(after.distinct_positions).toBe(after.audited);
      const verify = await app.request('GET', '/api/v1/admin/audit/verify', { token: await app.adminToken() });
      expect(verify.body.valid).toBe(true);
    } finally {
      await second.close();
    }
  });
});
