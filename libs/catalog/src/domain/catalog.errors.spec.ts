import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { CatalogErrors } from './catalog.errors.js';

describe('catalog refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(CatalogErrors.contentNotFound(), 'CATALOG.CONTENT_NOT_FOUND', 'not_found', 'No such content.');
    expectRefusal(CatalogErrors.contentAlreadyExists(), 'CATALOG.CONTENT_EXISTS', 'conflict', 'This content already exists.');
    expectRefusal(CatalogErrors.notSubmittable('published'), 'CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict', 'Content that is published cannot be submitted for review.');
    expectRefusal(CatalogErrors.notInReview('draft'), 'CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict', 'Content that is draft is not awaiting review.');
    expectRefusal(CatalogErrors.cannotModerateOwnContent(), 'CATALOG.CANNOT_MODERATE_OWN_CONTENT', 'forbidden', 'You may not moderate your own content.');
    expectRefusal(CatalogErrors.mayNotModerate(), 'AUTHZ.FORBIDDEN', 'forbidden', 'You may not moderate this content.');
    expectRefusal(CatalogErrors.lessonNotFound(), 'CATALOG.LESSON_NOT_FOUND', 'not_found', 'No such lesson in this content.');
    expectRefusal(CatalogErrors.notEnrolled(), 'CATALOG.NOT_ENROLLED', 'forbidden', 'Progress is kept for learners who may read the whole item: buy it or subscribe first.');
    expectRefusal(CatalogErrors.progressInvalid(), 'CATALOG.PROGRESS_INVALID', 'invalid', 'A position is a number of seconds from 0.');
    expectRefusal(CatalogErrors.categoryNotFound(), 'CATALOG.CATEGORY_NOT_FOUND', 'not_found', 'No such category.');
    expectRefusal(CatalogErrors.unknownCategory(), 'CATALOG.UNKNOWN_CATEGORY', 'invalid', 'No category has this id.');
    expectRefusal(CatalogErrors.categoryExists(), 'CATALOG.CATEGORY_EXISTS', 'conflict', 'This category already exists.');
    expectRefusal(CatalogErrors.parentCategoryNotFound(), 'CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid', 'The parent category does not exist.');
    expectRefusal(CatalogErrors.categorySlugTaken('ai'), 'CATALOG.CATEGORY_SLUG_TAKEN', 'conflict', 'Another category already has the slug ai.');
    expectRefusal(CatalogErrors.categoryCycle(), 'CATALOG.CATEGORY_CYCLE', 'invalid', 'A category cannot move under itself or one of its own subcategories.');
    expectRefusal(CatalogErrors.categoryTooDeep(5), 'CATALOG.CATEGORY_TOO_DEEP', 'invalid', 'Categories nest at most 5 levels deep.');
    expectRefusal(
      CatalogErrors.categoryOrderMismatch(),
      'CATALOG.CATEGORY_ORDER_MISMATCH',
      'conflict',
      'The order must list every current subcategory of that parent exactly once; reload the tree and retry.',
    );
    expectRefusal(
      CatalogErrors.categoryNotEmpty(),
      'CATALOG.CATEGORY_NOT_EMPTY',
      'conflict',
      'Only an empty category can be deleted: move its subcategories and contents away first.',
    );
  });
});
