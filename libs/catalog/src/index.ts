// Public surface of the catalog domain.
export { CatalogModule } from './catalog.module.js';
export { CatalogHttpModule } from './catalog-http.module.js';
export { CatalogWorkerModule } from './catalog-worker.module.js';
export { catalogEventTypes, CONTENT_KINDS, CONTENT_STATUSES } from './domain/catalog-events.js';
export type {
  ContentApproved,
  ContentDrafted,
  ContentEvent,
  ContentKind,
  ContentRejected,
  ContentStatus,
  ContentSubmitted,
  DraftedLesson,
} from './domain/catalog-events.js';
export { DraftContent, type LessonDraft } from './commands/draft-content.js';
export { SubmitContent } from './commands/submit-content.js';
export { ApproveContent } from './commands/approve-content.js';
export { RejectContent } from './commands/reject-content.js';
export { GetContentDetail, type ContentDetail, type LessonView } from './queries/get-content-detail.js';
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
} from './http/catalog.dto.js';
export { Catalog1764201800000 } from './migrations/1764201800000-catalog.js';
export { certificateEventTypes, type CertificateIssued, type CertificateStatement } from './certificates/certificate.js';
export { CatalogCertificates1764761000000 } from './migrations/1764761000000-catalog-certificates.js';
export { CatalogLearningProgress1764665000000 } from './migrations/1764665000000-catalog-learning-progress.js';
