import { randomUUID, verify } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '#platform/domain';
import { CertificateIssuer } from '../libs/catalog/src/certificates/certificate-issuer.js';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lessons = [
  { title: 'Lesson one', body: '短文。', preview: true },
  { title: 'Lesson two', body: '短文。', preview: false },
];

describe('certificates of completed courses', () => {
  let app: TestApp;
  let creator: TestUser;
  let moderatorToken: string;
  beforeAll(async () => {
    // Quick lessons: a minute each, complete at 5 % (3 s), credited up to four times as fast as the clock.
    app = await TestApp.start({ worker: true, env: { LESSON_COMPLETE_PERCENT: '5', PROGRESS_MAX_RATE_PERCENT: '400', RECEIPT_FONT: 'Helvetica' } });
    creator = await app.user('teacher-wang', ['creator']);
    moderatorToken = (await app.user('moderator', ['moderator'])).token;
  });
  afterAll(async () => {
    await app.close();
  });

  const enrolled = async (name: string, kind = 'course') => {
    const contentId = await publishContent(app, creator, moderatorToken, { kind, title: 'Data Analysis in Python', priceCents: 2000, lessons });
    const learner = await app.user(name);
    const order = await placeOrder(app, learner, [contentId]);
    await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 2000 });
    const detail = (await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token })).body;
    return { learner, contentId, lessonIds: detail.lessons.map((lesson: { lessonId: string }) => lesson.lessonId) as string[] };
  };
  const beat = (learner: TestUser, contentId: string, lessonId: string, positionSeconds: number) =>
    app.request('POST', `/api/v1/me/learning/${contentId}/lessons/${lessonId}/progress`, { token: learner.token, body: { positionSeconds } });
  const mine = async (learner: TestUser) => (await app.request('GET', '/api/v1/me/certificates', { token: learner.token })).body.items;
  /** The worker issues certificates after the heartbeat: wait for the caller's to appear. */
  const issued = (learner: TestUser) => eventually(async () => ((await mine(learner)).length > 0 ? mine(learner) : null));
  const verification = (id: string) => app.request('GET', `/api/v1/certificates/${id}/verification`);

  /** Opens every lesson, waits a second of "playback", completes all but the last. */
  const nearlyDone = async (learner: TestUser, contentId: string, lessonIds: string[]) => {
    for (const lessonId of lessonIds) expect((await beat(learner, contentId, lessonId, 0)).status).toBe(200);
    await sleep(1100);
    for (const lessonId of lessonIds.slice(0, -1)) expect((await beat(learner, contentId, lessonId, 4)).body.completed).toBe(true);
  };

  it('issues one signed certificate when the last lesson completes, even with 30 heartbeats completing it at once', async () => {
    const { learner, contentId, lessonIds } = await enrolled('li-lei');
    await nearlyDone(learner, contentId, lessonIds);
    expect(await mine(learner)).toEqual([]);

    const storm = await Promise.all(Array.from({ length: 30 }, () => beat(learner, contentId, lessonIds.at(-1)!, 4)));
    expect(storm.every((response) => response.status === 200 || response.body.code === 'EVENT_STORE.VERSION_CONFLICT')).toBe(true);
    const [certificate] = await issued(learner);
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'catalog.certificate-issued' AND data->>'learnerId' = $1`, [learner.id])).toEqual([{ n: 1 }]);

    expect(certificate).toEqual({
      certificateId: expect.any(String),
      statement: {
        certificateId: certificate.certificateId,
        issuer: 'Zhiku',
        learnerId: learner.id,
        learnerName: 'li-lei',
        courseId: contentId,
        courseTitle: 'Data Analysis in Python',
        creatorName: 'teacher-wang',
        completedAt: expect.any(String),
        keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      },
      signature: expect.any(String),
      issuedAt: expect.any(String),
    });

    // Anyone can check it, with no account: here, and offline with the published key.
    const checked = await verification(certificate.certificateId);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ ...certificate, valid: true });
    const { keys } = (await app.request('GET', '/api/v1/certificates/keys')).body;
    const key = keys.find((candidate: { keyId: string }) => candidate.keyId === certificate.statement.keyId);
    expect(verify(null, Buffer.from(canonicalJson(certificate.statement)), key.publicKeyPem, Buffer.from(certificate.signature, 'base64url'))).toBe(true);

    // The same completion handed to the issuer again (a replay) issues nothing more.
    const completions = await app.sql(`SELECT * FROM events WHERE type = 'catalog.lesson-completed' AND data->>'userId' = $1`, [learner.id]);
    const replay = completions.map((row) => ({ ...row, globalPosition: Number(row.global_position), streamId: row.stream_id, metadata: row.metadata, createdAt: row.created_at }));
    await app.worker!.get(CertificateIssuer).handle(replay as never, app.worker!.get(DataSource).manager);
    expect(await app.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'catalog.certificate-issued' AND data->>'learnerId' = $1`, [learner.id])).toEqual([{ n: 1 }]);
    expect(await mine(learner)).toHaveLength(1);
  });

  it('issues nothing for a course not finished, nor for an item that is not a course', async () => {
    const partial = await enrolled('han-meimei');
    await nearlyDone(partial.learner, partial.contentId, partial.lessonIds);
    expect(await mine(partial.learner)).toEqual([]);

    const article = await enrolled('reader', 'article');
    await nearlyDone(article.learner, article.contentId, article.lessonIds);
    expect((await beat(article.learner, article.contentId, article.lessonIds.at(-1)!, 4)).body.completed).toBe(true);
    // A course completed after both: once its certificate is out, the worker has seen the events before it.
    const sentinel = await enrolled('sentinel');
    await nearlyDone(sentinel.learner, sentinel.contentId, sentinel.lessonIds);
    await beat(sentinel.learner, sentinel.contentId, sentinel.lessonIds.at(-1)!, 4);
    await issued(sentinel.learner);
    expect(await mine(partial.learner)).toEqual([]);
    expect(await mine(article.learner)).toEqual([]);
    expect(await app.sql(`SELECT count(*)::int AS n FROM catalog_certificates WHERE learner_id = ANY($1)`, [[partial.learner.id, article.learner.id]])).toEqual([{ n: 0 }]);
  });

  it('says clearly when a certificate is unknown or its stored statement was tampered with', async () => {
    const { learner, contentId, lessonIds } = await enrolled('zhang-san');
    await nearlyDone(learner, contentId, lessonIds);
    await beat(learner, contentId, lessonIds.at(-1)!, 4);
    const [certificate] = await issued(learner);

    const unknown = await verification(randomUUID());
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'CATALOG.CERTIFICATE_NOT_FOUND' });
    expect((await verification('not-a-uuid')).status).toBe(400);

    await app.sql(`UPDATE catalog_certificates SET statement = jsonb_set(statement, '{courseTitle}', '"Brain Surgery"') WHERE id = $1`, [certificate.certificateId]);
    const tampered = await verification(certificate.certificateId);
    expect(tampered.status).toBe(200);
    expect(tampered.body).toMatchObject({ valid: false, statement: { courseTitle: 'Brain Surgery' } });

    // A genuine statement and signature copied under another id do not verify either.
    await app.sql(`UPDATE catalog_certificates SET statement = jsonb_set(statement, '{courseTitle}', '"Data Analysis in Python"') WHERE id = $1`, [certificate.certificateId]);
    expect((await verification(certificate.certificateId)).body.valid).toBe(true);
    const otherId = randomUUID();
    await app.sql(
      `INSERT INTO catalog_certificates (id, learner_id, course_id, statement, signature, issued_at)
       SELECT $2, gen_random_uuid(), gen_random_uuid(), statement, signature, issued_at FROM catalog_certificates WHERE id = $1`,
      [certificate.certificateId, otherId],
    );
    expect((await verification(otherId)).body.valid).toBe(false);
  });

  it("renders the caller's own certificate as a PDF with its verification address, and no one else's", async () => {
    const { learner, contentId, lessonIds } = await enrolled('wang-wu');
    await nearlyDone(learner, contentId, lessonIds);
    await beat(learner, contentId, lessonIds.at(-1)!, 4);
    const [certificate] = await issued(learner);

    const response = await app.api.inject({ method: 'GET', url: `/api/v1/me/certificates/${certificate.certificateId}/pdf`, headers: { authorization: `Bearer ${learner.token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(response.rawPayload);
    for (const expected of ['wang-wu', 'Data Analysis in Python', 'teacher-wang', certificate.certificateId, `/api/v1/certificates/${certificate.certificateId}/verification`]) {
      expect(text, expected).toContain(expected);
    }

    const stranger = await app.user('stranger');
    const stolen = await app.request('GET', `/api/v1/me/certificates/${certificate.certificateId}/pdf`, { token: stranger.token });
    expect({ status: stolen.status, code: stolen.body.code }).toEqual({ status: 404, code: 'CATALOG.CERTIFICATE_NOT_FOUND' });
    expect(await mine(stranger)).toEqual([]);
    expect((await app.request('GET', '/api/v1/me/certificates')).status).toBe(401);
  });
  it('stops naming a learner who erased their account: verification says so, their copy still verifies with the public key, others are untouched', async () => {
    const complete = async (name: string) => {
      const { learner, contentId, lessonIds } = await enrolled(name);
      await nearlyDone(learner, contentId, lessonIds);
      await beat(learner, contentId, lessonIds.at(-1)!, 4);
      const [certificate] = await issued(learner);
      return { learner, certificate };
    };
    const leaving = await complete('chen-erased-holder');
    const staying = await complete('liu-staying-holder');
    expect((await verification(leaving.certificate.certificateId)).body.valid).toBe(true);

    const erased = await app.request('DELETE', '/api/v1/me', { token: leaving.learner.token, body: { password: leaving.learner.password } });
    expect(erased.status).toBe(204);

    const gone = await verification(leaving.certificate.certificateId);
    expect({ status: gone.status, code: gone.body.code }).toEqual({ status: 404, code: 'CATALOG.CERTIFICATE_HOLDER_ERASED' });
    expect(JSON.stringify(gone.body)).not.toContain('chen-erased-holder');
    expect(JSON.stringify(await app.sql(`SELECT statement FROM catalog_certificates`))).not.toContain('chen-erased-holder');
    expect(JSON.stringify(await app.sql(`SELECT data FROM events WHERE type = 'catalog.certificate-issued'`))).not.toContain('chen-erased-holder');
    // The copy the learner handed out (statement and signature, as on the PDF) still proves itself to anyone with the key.
    const { keys } = (await app.request('GET', '/api/v1/certificates/keys')).body;
    const key = keys.find((candidate: { keyId: string }) => candidate.keyId === leaving.certificate.statement.keyId);
    const copy = leaving.certificate;
    expect(verify(null, Buffer.from(canonicalJson(copy.statement)), key.publicKeyPem, Buffer.from(copy.signature, 'base64url'))).toBe(true);
    const forged = { ...copy.statement, learnerName: 'someone else' };
    expect(verify(null, Buffer.from(canonicalJson(forged)), key.publicKeyPem, Buffer.from(copy.signature, 'base64url'))).toBe(false);

    expect((await verification(staying.certificate.certificateId)).body).toEqual({ ...staying.certificate, valid: true });
  });
});
