import { Injectable } from '@nestjs/common';
import { QueueName, type RelayRoute, RelaysEvents } from '#platform';
import { RecommendationJob } from './recommendation-jobs.js';

/** The events this domain wants as jobs; the worker's OutboxRelay enqueues them. */
@Injectable()
@RelaysEvents()
export class RecommendationRelayRoutes {
  readonly relayRoutes: readonly RelayRoute[] = [
    { eventType: 'catalog.content-approved', queue: QueueName.Recommendation, jobName: RecommendationJob.ContentPublished },
    { eventType: 'commerce.order-paid', queue: QueueName.Recommendation, jobName: RecommendationJob.PurchaseRecorded },
    { eventType: 'recommendation.rebuild-requested', queue: QueueName.Recommendation, jobName: RecommendationJob.Rebuild },
    { eventType: 'catalog.content-classified', queue: QueueName.Recommendation, jobName: RecommendationJob.ContentClassified },
    { eventType: 'catalog.category-created', queue: QueueName.Recommendation, jobName: RecommendationJob.CategoryChanged },
    { eventType: 'catalog.category-renamed', queue: QueueName.Recommendation, jobName: RecommendationJob.CategoryChanged },
    { eventType: 'catalog.category-deleted', queue: QueueName.Recommendation, jobName: RecommendationJob.CategoryChanged },
    { eventType: 'catalog.lesson-opened', queue: QueueName.Recommendation, jobName: RecommendationJob.LessonOpened },
    // Implicit feedback besides purchases (domain/signals.ts): completions and ratings (a lesson opened is a view, above).
    { eventType: 'catalog.lesson-completed', queue: QueueName.Recommendation, jobName: RecommendationJob.LessonCompleted },
    // A certificate is issued when every lesson of a course is completed: the course completed in full.
    { eventType: 'catalog.certificate-issued', queue: QueueName.Recommendation, jobName: RecommendationJob.CourseCompleted },
    { eventType: 'community.review-posted', queue: QueueName.Recommendation, jobName: RecommendationJob.ReviewPosted },
    // Follows a review's deletion, its withdrawal after a refund, and a moderator's removal.
    { eventType: 'community.review-removed', queue: QueueName.Recommendation, jobName: RecommendationJob.ReviewRemoved },
    // Items leaving the catalogue and coming back.
    { eventType: 'catalog.content-republished', queue: QueueName.Recommendation, jobName: RecommendationJob.ContentPublished },
    { eventType: 'catalog.content-unpublished', queue: QueueName.Recommendation, jobName: RecommendationJob.ContentUnlisted },
    { eventType: 'catalog.content-hidden', queue: QueueName.Recommendation, jobName: RecommendationJob.ContentUnlisted },
    { eventType: 'catalog.content-unhidden', queue: QueueName.Recommendation, jobName: RecommendationJob.ContentPublished },
  ];
}
