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
}

interface ApprovedListing {
  contentId: string;
  creatorId: string;
  kind: string;
  title: string;
}

/**
 * The events that announce something to followers, by stored event type, and what each
 * announces. A creator's followers hear of every item it publishes.
 */
export const ANNOUNCING_EVENTS: Readonly<Record<string, (data: Record<string, unknown>) => NotificationPlan>> = {
  'catalog.content-approved': (data) => {
    const { contentId, creatorId, kind, title } = data as unknown as ApprovedListing;
    return { itemId: contentId, kind, title, creatorId, link: `/contents/${contentId}`, audiences: [{ targetType: 'creator', targetId: creatorId }] };
  },
};

/** The notification an event makes, or null when it announces nothing. */
export function notificationPlanOf(eventType: string, data: Record<string, unknown>): NotificationPlan | null {
  return Object.hasOwn(ANNOUNCING_EVENTS, eventType) ? ANNOUNCING_EVENTS[eventType]!(data) : null;
}

/** The mail a follower with a verified address gets: the same three facts, in words. */
export function notificationMail(plan: Pick<NotificationPlan, 'title' | 'link'>, creatorName: string, appUrl: string): { subject: string; text: string } {
  return {
    subject: `${creatorName} published: ${plan.title}`,
    text: `${creatorName}, whom you follow on Zhiku, published "${plan.title}".\n\nSee it at ${new URL(plan.link, appUrl).toString()}\n`,
  };
}
