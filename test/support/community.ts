import { expect } from 'vitest';
import { deliverWebhook, placeOrder, publishContent, type ContentInput } from './journeys.js';
import type { TestApp, TestUser } from './test-app.js';

/** Community journeys shared by the community specs. */
export function communityJourneys(app: TestApp) {
  return {
    /** A published item and its lesson ids (the second lesson is not a preview). */
    async item(creator: TestUser, moderatorToken: string, input: ContentInput = {}): Promise<{ id: string; lessonIds: string[] }> {
      const id = await publishContent(app, creator, moderatorToken, input);
      const detail = await app.request('GET', `/api/v1/contents/${id}`, { token: creator.token });
      return { id, lessonIds: detail.body.lessons.map((lesson: { lessonId: string }) => lesson.lessonId) };
    },
    /** The buyer pays for the item (sandbox provider); returns the order. */
    async buy(buyer: TestUser, contentId: string, priceCents = 9900): Promise<{ id: string; payment: { id: string } }> {
      const order = await placeOrder(app, buyer, [contentId]);
      expect(order.status).toBe(201);
      expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: priceCents })).status).toBe(200);
      return order.body;
    },
    comment(user: TestUser | null, contentId: string, body: unknown, options: { parentId?: string; lessonId?: string } = {}) {
      const path = options.lessonId ? `/api/v1/contents/${contentId}/lessons/${options.lessonId}/comments` : `/api/v1/contents/${contentId}/comments`;
      return app.request('POST', path, { token: user?.token, body: { body, ...(options.parentId ? { parentId: options.parentId } : {}) } });
    },
    comments(user: TestUser | null, contentId: string, options: { lessonId?: string; query?: string } = {}) {
      const path = options.lessonId ? `/api/v1/contents/${contentId}/lessons/${options.lessonId}/comments` : `/api/v1/contents/${contentId}/comments`;
      return app.request('GET', `${path}${options.query ?? ''}`, { token: user?.token });
    },
    replies(user: TestUser | null, commentId: string, query = '') {
      return app.request('GET', `/api/v1/comments/${commentId}/replies${query}`, { token: user?.token });
    },
  };
}
