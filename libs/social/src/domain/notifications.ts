import type { FollowTargetType } from './social-events.js';

/**
 * What a notification says: a title, who published it and where to look. Never a lesson body or
 * a media URL: a follower may not have bought what is announced.
 */
export interface NotificationPlan {
  /** The announced item: a follower is told about it once, whatever reruns. */
  itemId: string;
  kind: string;
  title: string;
  creatorId: string;
  /** The client's page of the item, relative to APP_URL. */
  link: string;
  /** Whose followers hear of it. */
  audiences: { targetType: FollowTargetType; targetId: string }[];
  /** The columns whose buyers hear of it too (a column's buyers get every future instalment, so they are told of each). */
  buyersOf: string[];
  /** Users told directly, followers or not (the creator whose payout waits for them). */
  recipients: string[];
}

interface ApprovedListing {
  contentId: string;
  creatorId: string;
  kind: string;
  title: string;
}

interface PayoutAwaitingConfirmation {
  payoutId: string;
  creatorId: string;
  amountCents: number;
  currency: string;
}

interface PublishedInstalment {
  contentId: string;
  creatorId: string;
  columnTitle: string;
  lessonId: string;
  title: string;
}

/**
 * The events that announce something to followers, by stored event type, and what each
 * announces. A creator's followers hear of every item it publishes; a column's followers and
 * buyers hear of each of its new instalments (a creator's followers do not: they chose the
 * creator's new items, not every episode of each series). A creator alone hears that a payout's
 * transfer waits for them to confirm it in WeChat (once per payout, however often it is seen waiting).
 */
export const ANNOUNCING_EVENTS: Readonly<Record<string, (data: Record<string, unknown>) => NotificationPlan>> = {
  'catalog.content-approved': (data) => {
    const { contentId, creatorId, kind, title } = data as unknown as ApprovedListing;
    return {
      itemId: contentId,
      kind,
      title,
      creatorId,
      link: `/contents/${contentId}`,
      audiences: [{ targetType: 'creator', targetId: creatorId }],
      buyersOf: [],
      recipients: [],
    };
  },
  'catalog.instalment-published': (data) => {
    const { contentId, creatorId, columnTitle, lessonId, title } = data as unknown as PublishedInstalment;
    return {
      itemId: lessonId,
      kind: 'instalment',
      title: `${columnTitle} · ${title}`,
      creatorId,
      link: `/contents/${contentId}/lessons/${lessonId}`,
      audiences: [{ targetType: 'column', targetId: contentId }],
      buyersOf: [contentId],
      recipients: [],
    };
  },
  'commerce.payout-awaiting-confirmation': (data) => {
    const { payoutId, creatorId, amountCents, currency } = data as unknown as PayoutAwaitingConfirmation;
    return {
      itemId: payoutId,
      kind: 'payout-awaiting-confirmation',
      title: `Confirm receipt of your payout of ${(amountCents / 100).toFixed(2)} ${currency} in WeChat`,
      creatorId,
      link: `/creator/payouts/${payoutId}`,
      audiences: [],
      buyersOf: [],
      recipients: [creatorId],
    };
  },
};

/** The notification an event makes, or null when it announces nothing. */
export function notificationPlanOf(eventType: string, data: Record<string, unknown>): NotificationPlan | null {
  return Object.hasOwn(ANNOUNCING_EVENTS, eventType) ? ANNOUNCING_EVENTS[eventType]!(data) : null;
}

/** The mail a recipient with a verified address gets: the same three facts, in words, and why they hear of it. */
export function notificationMail(plan: Pick<NotificationPlan, 'kind' | 'title' | 'link'>, creatorName: string, appUrl: string): { subject: string; text: string } {
  if (plan.kind === 'payout-awaiting-confirmation') {
    const text = `${plan.title}: WeChat Pay pays it once you confirm it there. Left unconfirmed, WeChat Pay cancels it and the amount is available again.`;
    return { subject: plan.title, text: `${text}\n\nSee it at ${new URL(plan.link, appUrl).toString()}\n` };
  }
  const what =
    plan.kind === 'instalment'
      ? `${creatorName} published "${plan.title}", a new instalment of a column you follow or bought on Zhiku.`
      : `${creatorName}, whom you follow on Zhiku, published "${plan.title}".`;
  return { subject: `${creatorName} published: ${plan.title}`, text: `${what}\n\nSee it at ${new URL(plan.link, appUrl).toString()}\n` };
}
