// Public surface of the catalog domain.
export { CatalogModule } from './catalog.module.js';
export { CatalogHttpModule } from './catalog-http.module.js';
export { CatalogWorkerModule } from './catalog-worker.module.js';
export { catalogEventTypes, CONTENT_KINDS, CONTENT_STATUSES, LESSON_FORMATS } from './domain/catalog-events.js';
export type {
  ContentApproved,
  ContentClassified,
  ContentDrafted,
  ContentHidden,
  ContentRepublished,
  ContentUnpublished,
  ContentUnhidden,
  ContentEvent,
  ContentKind,
  ContentRejected,
  ContentStatus,
  ContentSubmitted,
  Chapter,
  ContentStructure,
  DraftedLesson,
  DripRule,
  InstalmentPublished,
  LessonFormat,
  LiveSchedule,
  RevisionDrafted,
  RevisionRejected,
  RevisionSubmitted,
} from './domain/catalog-events.js';
export { DraftContent } from './commands/draft-content.js';
export { ReviseContent } from './commands/revise-content.js';
export type { LessonInput, StructureInput } from './commands/content-input.js';
export { SubmitContent } from './commands/submit-content.js';
export { ApproveContent } from './commands/approve-content.js';
export { RejectContent } from './commands/reject-content.js';
export { UnpublishContent } from './commands/unpublish-content.js';
export { RepublishContent } from './commands/republish-content.js';
export { HideContent } from './commands/hide-content.js';
export { UnhideContent } from './commands/unhide-content.js';
// Catalog's refusals other domains answer with too (a drip lesson's media is locked as its body is).
export { CatalogErrors } from './domain/catalog.errors.js';
export { GetContentDetail, type ContentDetail, type LessonView, type LiveView, type RevisionView } from './queries/get-content-detail.js';
export { ListContents, CONTENT_SORTS, PRICE_BANDS, type ContentFilter, type ContentSort, type ContentSummary, type PriceBand } from './queries/list-contents.js';
export { ClassifyContent } from './commands/classify-content.js';
export { ChangeCategoryTree, type CategoryChange } from './commands/change-category-tree.js';
export { GetCategoryTree, type CategoryView } from './queries/get-category-tree.js';
export { SearchContents, type SearchFilter, type SearchHit, type SearchPage } from './queries/search-contents.js';
export { SuggestSearchTerms } from './queries/suggest-search-terms.js';
export type { CategoryEvent, CategoryCreated, CategoryRenamed, CategoryMoved, CategoriesReordered, CategoryDeleted } from './domain/category-events.js';
export {
  ContentDetailDto,
  ContentPageDto,
  ContentSummaryDto,
  CreateContentDto,
  LessonDto,
  LessonInputDto,
  ListContentsQueryDto,
  RejectContentDto,
  ReviseContentDto,
} from './http/catalog.dto.js';
export { Catalog1764201800000 } from './migrations/1764201800000-catalog.js';
export { certificateEventTypes, type CertificateIssued, type CertificateStatement } from './domain/certificate.js';
export { CatalogCertificates1764761000000 } from './migrations/1764761000000-catalog-certificates.js';
export { CatalogCertificateHolderErased1764800000000 } from './migrations/1764800000000-catalog-certificate-holder-erased.js';
export { CatalogLearningProgress1764665000000 } from './migrations/1764665000000-catalog-learning-progress.js';
export { CatalogKindsRevisionsEnrolments1764720000000 } from './migrations/1764720000000-catalog-kinds-revisions-enrolments.js';
export { CatalogCategoriesAndSearch1764730000000 } from './migrations/1764730000000-catalog-categories-and-search.js';
export { CatalogSearchTitleIndex1764810000000 } from './migrations/1764810000000-catalog-search-title-index.js';
export { CatalogUnpublishedHidden1764900000000 } from './migrations/1764900000000-catalog-unpublished-hidden.js';
