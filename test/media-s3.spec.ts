import { createHmac, hkdfSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { mp4, png } from './support/media-samples.js';
import { eventually, TestApp, type TestUser } from './support/test-app.js';

/**
 * Media with MEDIA_STORE=s3 and MEDIA_S3_DELIVERY=redirect, against a real S3-compatible server
 * (s3rver, in this process on a free port, its own directory): presigned PUTs and GETs, HEAD and
 * ranged GETs from the worker, deletes.
 */
describe('media on an S3-compatible object store', () => {
  let server: S3rver;
  let s3Dir: string;
  let s3: S3Client;
  let app: TestApp;
  let creator: TestUser;
  let buyer: TestUser;
  let stranger: TestUser;
  let contentId: string;
  const bucket = 'zhiku-media-test';

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'zhiku-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    app = await TestApp.start({
      worker: true,
      env: {
        MEDIA_STORE: 's3',
        MEDIA_S3_ENDPOINT: endpoint,
        MEDIA_S3_BUCKET: bucket,
        MEDIA_S3_FORCE_PATH_STYLE: 'true',
        MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
        MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
        // The redirect mode, kept for whoever prefers the load off the api (test/media-s3-stream.spec.ts covers the default, streaming).
        MEDIA_S3_DELIVERY: 'redirect',
        MEDIA_PLAYBACK_URL_TTL_SECONDS: '8',
        MEDIA_S3_REDIRECT_TTL_SECONDS: '2',
      },
    });
    const admin = await app.adminToken();
    [creator, buyer, stranger] = await Promise.all([app.user('s3-creator', ['creator']), app.user('s3-buyer'), app.user('s3-stranger')]);
    contentId = await publishContent(app, creator, admin);
    const order = await placeOrder(app, buyer, [contentId]);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: order.body.totalCents })).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await app.close();
    s3.destroy();
    await server.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  const objectExists = (assetId: string) =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `assets/${assetId}` })).then(
      () => true,
      () => false,
    );
  const settled = (assetId: string) =>
    eventually(async () => {
      const [row] = await app.sql(`SELECT status, rejection_reason FROM media_assets WHERE id = $1`, [assetId]);
      return row?.status === 'ready' || row?.status === 'rejected' ? row : null;
    }, 20_000, `asset ${assetId} checked`);

  async function declared(bytes: Buffer, mimeType = 'video/mp4') {
    const response = await app.request('POST', `/api/v1/contents/${contentId}/media`, {
      token: creator.token,
      body: { kind: 'video', mimeType, sizeBytes: bytes.length, fileName: 'lesson.mp4' },
    });
    expect(response.status).toBe(201);
    return { assetId: response.body.asset.assetId as string, upload: response.body.upload as { url: string; headers: Record<string, string> } };
  }

  it('uploads to a presigned PUT, checks the object in the worker, and redirects the buyer to a presigned GET', async () => {
    const video = mp4(61, 3000);
    const { assetId, upload } = await declared(video);
    expect(upload.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${bucket}/assets/${assetId}\\?.*X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost`));
    expect(upload.url).not.toContain('x-amz-checksum');
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: video });
    expect(put.status).toBe(200);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${assetId}/complete`, { token: creator.token })).status).toBe(200);
    expect(await settled(assetId)).toEqual({ status: 'ready', rejection_reason: null });
    expect((await app.sql(`SELECT duration_seconds FROM media_assets WHERE id = $1`, [assetId]))[0].duration_seconds).toBe(61);

    const issued = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: buyer.token });
    expect(issued.status).toBe(200);
    const redirect = await app.api.inject({ method: 'GET', url: issued.body.url, headers: { authorization: `Bearer ${buyer.token}` } });
    expect(redirect.statusCode).toBe(302);
    const location = String(redirect.headers.location);
    expect(location).toMatch(new RegExp(`/${bucket}/assets/${assetId}\\?.*X-Amz-Signature=`));
    const object = await fetch(location);
    expect(object.status).toBe(200);
    expect(Buffer.from(await object.arrayBuffer()).equals(video)).toBe(true);
    // The api's URL is still bound to the buyer: the stranger's token gets no redirect.
    const forwarded = await app.api.inject({ method: 'GET', url: issued.body.url, headers: { authorization: `Bearer ${stranger.token}` } });
    expect({ status: forwarded.statusCode, code: JSON.parse(forwarded.body).code }).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });

    expect((await app.request('DELETE', `/api/v1/contents/${contentId}/media/${assetId}`, { token: creator.token })).status).toBe(204);
    expect(await objectExists(assetId)).toBe(false);
  });

  it('binds a playback URL to its user until it expires, and redirects only to a presigned GET that lives seconds', async () => {
    const video = mp4(3, 500);
    const { assetId, upload } = await declared(video);
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: video })).status).toBe(200);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${assetId}/complete`, { token: creator.token })).status).toBe(200);
    expect(await settled(assetId)).toEqual({ status: 'ready', rejection_reason: null });
    const follow = (url: string, token: string) => app.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const problem = (response: { statusCode: number; body: string }) => ({ status: response.statusCode, code: JSON.parse(response.body).code });

    const issued = await app.request('GET', `/api/v1/contents/${contentId}/media/${assetId}/url`, { token: buyer.token });
    expect(issued.status).toBe(200);
    const url = issued.body.url as string;
    // Forwarded to another user (their own token) or to no one signed in: no redirect, no presigned URL.
    expect(problem(await follow(url, stranger.token))).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    expect(problem(await follow(url, creator.token))).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
    expect((await app.api.inject({ method: 'GET', url })).statusCode).toBe(401);

    const first = await follow(url, buyer.token);
    expect(first.statusCode).toBe(302);
    const location = String(first.headers.location);
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('2');
    expect((await fetch(location)).status).toBe(200);
    // Seconds later the presigned URL is dead for anyone who got hold of it; the buyer's own URL still redirects.
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const stale = await fetch(location);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('Request has expired');
    const again = await follow(url, buyer.token);
    expect(again.statusCode).toBe(302);
    expect((await fetch(String(again.headers.location))).status).toBe(200);

    // Past the playback URL's own expiry: refused to its user (and still to anyone else), no redirect.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(issued.body.expiresAt) - Date.now()) + 50));
    expect(problem(await follow(url, buyer.token))).toEqual({ status: 403, code: 'MEDIA.URL_EXPIRED' });
    expect(problem(await follow(url, stranger.token))).toEqual({ status: 403, code: 'MEDIA.URL_INVALID' });
  });

  it('rejects an object of another size than declared at completion, and bytes of another type in the worker, deleting both', async () => {
    const video = mp4(5, 200);
    const larger = await declared(video);
    // A store that enforced the signed Content-Length would refuse this PUT; the completion catches it either way.
    const sneaked = await fetch(larger.upload.url, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: Buffer.concat([video, Buffer.alloc(50)]) });
    expect(sneaked.status).toBe(200);
    const completed = await app.request('POST', `/api/v1/contents/${contentId}/media/${larger.assetId}/complete`, { token: creator.token });
    expect(completed.body).toMatchObject({ status: 'rejected', rejection: { reason: 'SIZE_MISMATCH' } });
    expect(await objectExists(larger.assetId)).toBe(false);

    const image = png(400);
    const disguised = await declared(image);
    expect((await fetch(disguised.upload.url, { method: 'PUT', headers: disguised.upload.headers, body: image })).status).toBe(200);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${disguised.assetId}/complete`, { token: creator.token })).status).toBe(200);
    expect(await settled(disguised.assetId)).toEqual({ status: 'rejected', rejection_reason: 'TYPE_MISMATCH' });
    expect(await objectExists(disguised.assetId)).toBe(false);

    const missing = await declared(video);
    expect((await app.request('POST', `/api/v1/contents/${contentId}/media/${missing.assetId}/complete`, { token: creator.token })).body.code).toBe(
      'MEDIA.UPLOAD_MISSING',
    );
  });

  it('takes no upload at the api itself: there, a validly signed URL finds no local store', async () => {
    const { assetId } = await declared(mp4(1));
    const key = Buffer.from(hkdfSync('sha256', app.config.jwtSecret!, 'zhiku-media', 'media-url-signatures-v1', 32));
    const expires = Math.floor(Date.now() / 1000) + 60;
    const signature = createHmac('sha256', key).update(['put', assetId, String(expires)].join('\n')).digest('base64url');
    const response = await app.api.inject({
      method: 'PUT',
      url: `/api/v1/media/uploads/${assetId}?expires=${expires}&signature=${signature}`,
      headers: { 'content-type': 'video/mp4' },
      payload: mp4(1),
    });
    expect({ status: response.statusCode, code: JSON.parse(response.body).code }).toEqual({ status: 404, code: 'MEDIA.NOT_LOCAL_STORE' });
  });
});
