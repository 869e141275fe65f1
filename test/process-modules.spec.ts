import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventTypeRegistry, systemContext } from '#platform';
import { identityEventTypes, RegisterUser } from '#identity';
import { catalogEventTypes, certificateEventTypes } from '#catalog';
import { commerceEventTypes, ReceiveProviderEvent } from '#commerce';
import { recommendationEventTypes } from '#recommendation';
import { auditEventTypes } from '#audit';
import { integrationsEventTypes } from '#integrations';
import { analyticsEventTypes } from '#analytics';
import { communityEventTypes } from '#community';
import { consultingEventTypes } from '#consulting';
import { socialEventTypes } from '#social';
import { mediaEventTypes } from '#media';
import { placeOrder, publishContent, signedWebhook } from './support/journeys.js';
import { TestApp } from './support/test-app.js';

/** Both processes load every domain's core: the worker can read every event and run every command as the api does. */
describe('api and worker know the same domains', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ worker: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('declares every event type of every domain in both processes', () => {
    const everyDomain = [identityEventTypes, catalogEventTypes, certificateEventTypes, commerceEventTypes, recommendationEventTypes, auditEventTypes, integrationsEventTypes, analyticsEventTypes, communityEventTypes, consultingEventTypes, socialEventTypes, mediaEventTypes]
      .flatMap((types) => Object.keys(types))
      .sort();
    expect(app.api.get(EventTypeRegistry).declaredTypes()).toEqual(everyDomain);
    expect(app.worker!.get(EventTypeRegistry).declaredTypes()).toEqual(everyDomain);
  });

  it('runs a command in the worker with its inline projections, as in the api', async () => {
    const commands = app.worker!.get(CommandBus);
    const { userId } = await commands.execute(new RegisterUser('worker-made@zhiku.test', 'worker-made-password', 'Made in the worker', systemContext('test')));
    const [user] = await app.sql(`SELECT email, roles FROM identity_users WHERE id = $1`, [userId]);
    expect(user).toEqual({ email: 'worker-made@zhiku.test', roles: ['learner'] });

    // A payment settled by the worker grants access and books the ledger in the same transaction.
    const creator = await app.user('creator', ['creator']);
    const moderator = await app.user('moderator', ['moderator']);
    const contentId = await publishContent(app, creator, moderator.token, { priceCents: 1200 });
    const learner = await app.user('learner');
    const order = await placeOrder(app, learner, [contentId]);
    const webhook = signedWebhook({ paymentId: order.body.payment.id, amountCents: 1200 });
    await commands.execute(new ReceiveProviderEvent('sandbox', webhook.event, systemContext('test')));
    const [row] = await app.sql(
      `SELECT (SELECT status FROM commerce_orders WHERE id = $1) AS status,
              (SELECT count(*)::int FROM commerce_access_grants WHERE source_type = 'order-item' AND source_id = $1::text) AS entitlements,
              (SELECT coalesce(sum(amount_cents), 0)::int FROM commerce_ledger_lines WHERE order_id = $1) AS ledger_sum,
              (SELECT count(*)::int FROM commerce_ledger_lines WHERE order_id = $1) AS ledger_lines`,
      [order.body.id],
    );
    expect(row).toEqual({ status: 'paid', entitlements: 1, ledger_sum: 0, ledger_lines: 3 });
    const detail = await app.request('GET', `/api/v1/contents/${contentId}`, { token: learner.token });
    expect(detail.body.access).toBe('full');
  });
});
