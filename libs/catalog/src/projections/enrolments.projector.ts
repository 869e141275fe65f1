import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { LessonOpened } from '../domain/progress.js';

/** What catalog reads of commerce's grants (tolerant reader: only these fields). */
interface OrderPaidData {
  buyerId: string;
  items: { contentId: string }[];
}
interface AccessGrantedByStaffData {
  userId: string;
  contentId: string;
  validFrom: string;
}

/**
 * catalog_enrolments: when each learner's access to an item began, which drip release counts from.
 * A paid order (bought, bundled, free, or redeemed with a coupon) or a staff grant enrols at once; so
 * does a first opened lesson. A membership writes no row: LessonAccess computes its enrolment (its
 * start, or the item's publication if later) when it reads, so nothing is left behind when it ends.
 * The first enrolment stays: a replayed event, a second purchase or a renewed grant changes nothing.
 */
@Injectable()
@InlineProjection()
export class EnrolmentsProjector implements InlineProjector {
  readonly eventTypes = ['commerce.order-paid', 'commerce.access-granted-by-staff', 'catalog.lesson-opened'] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      switch (event.type) {
        case 'commerce.order-paid': {
          const { buyerId, items } = event.data as OrderPaidData;
          await enrol(manager, buyerId, items.map((item) => item.contentId), event.createdAt.toISOString(), 'order');
          break;
        }
        case 'commerce.access-granted-by-staff': {
          const { userId, contentId, validFrom } = event.data as AccessGrantedByStaffData;
          // A grant that starts later enrols when it starts.
          const from = Math.max(Date.parse(validFrom), event.createdAt.getTime());
          await enrol(manager, userId, [contentId], new Date(from).toISOString(), 'staff-grant');
          break;
        }
        case 'catalog.lesson-opened': {
          const { userId, contentId, openedAt } = (event as RecordedEvent<LessonOpened>).data;
          await enrol(manager, userId, [contentId], openedAt, 'first-lesson');
          break;
        }
      }
    }
  }
}

function enrol(manager: EntityManager, userId: string, contentIds: string[], at: string, source: string): Promise<unknown> {
  return manager.query(
    `INSERT INTO catalog_enrolments (user_id, content_id, enrolled_at, source)
     SELECT $1, content_id, $3, $4 FROM unnest($2::uuid[]) AS content_id
     ON CONFLICT (user_id, content_id) DO NOTHING`,
    [userId, contentIds, at, source],
  );
}
