import { DomainError } from '#platform/domain';

export const CatalogErrors = {
  contentNotFound: () => new DomainError('CATALOG.CONTENT_NOT_FOUND', 'not_found', 'No such content.'),
  contentAlreadyExists: () => new DomainError('CATALOG.CONTENT_EXISTS', 'conflict', 'This content already exists.'),
  notSubmittable: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict', `Content that is ${status} cannot be submitted for review.`),
  notInReview: (status: string) =>
    new DomainError('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict', `Content that is ${status} is not awaiting review.`),
  cannotModerateOwnContent: () =>
    new DomainError('CATALOG.CANNOT_MODERATE_OWN_CONTENT', 'forbidden', 'You may not moderate your own content.'),
  mayNotModerate: () => new DomainError('AUTHZ.FORBIDDEN', 'forbidden', 'You may not moderate this content.'),
  lessonNotFound: () => new DomainError('CATALOG.LESSON_NOT_FOUND', 'not_found', 'No such lesson in this content.'),
  notEnrolled: () => new DomainError('CATALOG.NOT_ENROLLED', 'forbidden', 'Progress is kept for learners who may read the whole item: buy it or subscribe first.'),
  progressInvalid: () => new DomainError('CATALOG.PROGRESS_INVALID', 'invalid', 'A position is a number of seconds from 0.'),
};
