import { Body, Controller, Module, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsInt, Max, Min } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, Idempotent, Public } from '#platform';
import { eventually, TestApp } from './support/test-app.js';

class SlowWorkDto {
  @IsInt()
  @Min(0)
  @Max(5000)
  takesMs: number;
}

/** A POST that takes as long as it is told and counts how often it really ran. */
@Controller('api/v1/test/slow-work')
class SlowWorkController {
  static runs = 0;

  @Post()
  @Public('test route')
  @Idempotent()
  async run(@Body() body: SlowWorkDto): Promise<{ run: number }> {
    const run = ++SlowWorkController.runs;
    await new Promise((resolve) => setTimeout(resolve, body.takesMs));
    if (body.takesMs === 13) throw new DomainError('TEST.REFUSED', 'invalid', 'refused on purpose');
    return { run };
  }
}

@Module({ controllers: [SlowWorkController] })
class SlowWorkModule {}

describe('Idempotency-Key leases', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { IDEMPOTENCY_LEASE_MS: '600' }, extraImports: [{ module: SlowWorkModule }] });
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (key: string, takesMs: number) =>
    app.request('POST', '/api/v1/test/slow-work', { body: { takesMs }, headers: { 'idempotency-key': key } });

  it('never hands the key of an attempt that is still running to a retry, however long it runs past the lease', async () => {
    const key = randomUUID();
    const before = SlowWorkController.runs;
    const first = post(key, 2500); // four leases long: it renews as it goes
    await new Promise((resolve) => setTimeout(resolve, 200));
    const retries: number[] = [];
    while (retries.length < 4) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      retries.push((await post(key, 2500)).status);
    }
    expect(retries).toEqual([409, 409, 409, 409]);
    expect((await first).status).toBe(201);
    expect(SlowWorkController.runs - before).toBe(1);
    const replay = await post(key, 2500);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(SlowWorkController.runs - before).toBe(1);
  });

  it('lets a retry take over the key of an attempt whose process died, once its lease ran out', async () => {
    const key = randomUUID();
    await post(key, 0);
    // As if a first attempt had died in flight: in_flight, lease not renewed any more.
    await app.sql(`UPDATE idempotency_keys SET state = 'in_flight', response_body = NULL, lease_expires_at = now() + interval '300 milliseconds' WHERE key = $1`, [key]);
    expect((await post(key, 0)).status).toBe(409);
    const takenOver = await eventually(async () => {
      const response = await post(key, 0);
      return response.status === 201 ? response : undefined;
    }, 5000, 'the lease to run out');
    expect(takenOver.headers['idempotent-replayed']).toBeUndefined();
    const [row] = await app.sql(`SELECT attempt, state FROM idempotency_keys WHERE key = $1`, [key]);
    expect(row).toEqual({ attempt: 2, state: 'completed' });
  });

  it('frees the key of a refused attempt, and replays the status code it stored', async () => {
    const key = randomUUID();
    const refused = await post(key, 13);
    expect(refused.status).toBe(422);
    expect((await app.sql(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key])).length).toBe(0);
    expect((await post(key, 13)).status).toBe(422);
  });
});
