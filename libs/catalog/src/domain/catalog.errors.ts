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
  categoryNotFound: () => new DomainError('CATALOG.CATEGORY_NOT_FOUND', 'not_found', 'No such category.'),
  unknownCategory: () => new DomainError('CATALOG.UNKNOWN_CATEGORY', 'invalid', 'No category has this id.'),
  categoryExists: () => new DomainError('CATALOG.CATEGORY_EXISTS', 'conflict', 'This category already exists.'),
  parentCategoryNotFound: () => new DomainError('CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid', 'The parent category does not exist.'),
  categorySlugTaken: (slug: string) => new DomainError('CATALOG.CATEGORY_SLUG_TAKEN', 'conflict', `Another category already has the slug ${slug}.`),
  categoryCycle: () => new DomainError('CATALOG.CATEGORY_CYCLE', 'invalid', 'A category cannot move under itself or one of its own subcategories.'),
  categoryTooDeep: (maxDepth: number) => new DomainError('CATALOG.CATEGORY_TOO_DEEP', 'invalid', `Categories nest at most ${maxDepth} levels deep.`),
  categoryOrderMismatch: () =>
    new DomainError('CATALOG.CATEGORY_ORDER_MISMATCH', 'conflict', 'The order must list every current subcategory of that parent exactly once; reload the tree and retry.'),
  categoryNotEmpty: () =>
    new DomainError('CATALOG.CATEGORY_NOT_EMPTY', 'conflict', 'Only an empty category can be deleted: move its subcategories and contents away first.'),
};
