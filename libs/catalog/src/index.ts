// Public surface of the catalog domain.
export { CatalogModule } from './catalog.module.js';
export { CatalogHttpModule } from './catalog-http.module.js';
export { catalogEventTypes, CONTENT_KINDS, CONTENT_STATUSES, LESSON_FORMATS } from './domain/catalog-events.js';
export type {
  ContentApproved,
  ContentDrafted,
  ContentEvent,
  ContentKind,
  ContentRejected,
  ContentStatus,
  ContentSubmitted,
  Chapter,
  ContentStructure,
  DraftedLesson,
  DripRule,
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
export { GetContentDetail, type ContentDetail, type LessonView, type LiveView, type RevisionView } from './queries/get-content-detail.js';
export { ListContents, type ContentFilter, type ContentSummary } from './queries/list-contents.js';
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
export { CatalogLearningProgress1764665000000 } from './migrations/1764665000000-catalog-learning-progress.js';
export { CatalogKindsRevisionsEnrolments1764720000000 } from './migrations/1764720000000-catalog-kinds-revisions-enrolments.js';
