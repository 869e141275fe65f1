import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig, EventTypeRegistry } from '#platform';
import { ApproveContentHandler } from './commands/approve-content.js';
import { ChangeCategoryTreeHandler } from './commands/change-category-tree.js';
import { ClassifyContentHandler } from './commands/classify-content.js';
import { DraftContentHandler } from './commands/draft-content.js';
import { RecordProgressHandler } from './commands/record-progress.js';
import { RejectContentHandler } from './commands/reject-content.js';
import { ReviseContentHandler } from './commands/revise-content.js';
import { SubmitContentHandler } from './commands/submit-content.js';
import { UnpublishContentHandler } from './commands/unpublish-content.js';
import { RepublishContentHandler } from './commands/republish-content.js';
import { HideContentHandler } from './commands/hide-content.js';
import { UnhideContentHandler } from './commands/unhide-content.js';
import { GetMyCertificateHandler, GetMyCertificatesHandler, VerifyCertificateHandler } from './certificates/certificate-queries.js';
import { certificateEventTypes } from './domain/certificate.js';
import { CertificateSigner } from './certificates/certificate-signer.js';
import { CertificatesProjector } from './certificates/certificates.projector.js';
import { ErasedLearnersProjector } from './certificates/erased-learners.projector.js';
import { CertificatesRules } from './certificates/certificates.rules.js';
import { catalogEventTypes } from './domain/catalog-events.js';
import { CatalogRules } from './policies/catalog.rules.js';
import { CategoriesProjector } from './projections/categories.projector.js';
import { ContentRecord } from './projections/content.record.js';
import { ContentStatsSubscriber } from './projections/content-stats.subscriber.js';
import { OpenSearchFeeder } from './projections/opensearch-feeder.subscriber.js';
import { ContentsProjector } from './projections/contents.projector.js';
import { EnrolmentsProjector } from './projections/enrolments.projector.js';
import { ProgressProjector } from './projections/progress.projector.js';
import { SearchDocumentsProjector } from './projections/search-documents.projector.js';
import { GetCategoryTreeHandler } from './queries/get-category-tree.js';
import { GetContentDetailHandler } from './queries/get-content-detail.js';
import { GetLessonProgressHandler } from './queries/get-lesson-progress.js';
import { GetMyLearningHandler } from './queries/get-my-learning.js';
import { LessonAccess } from './queries/lesson-access.js';
import { ListContentsHandler } from './queries/list-contents.js';
import { SearchContentsHandler } from './queries/search-contents.js';
import { SuggestSearchTermsHandler } from './queries/suggest-search-terms.js';
import { OpenSearchSearchIndex } from './search/opensearch-search-index.js';
import { PostgresSearchIndex } from './search/postgres-search-index.js';
import { SearchIndex } from './search/search-index.js';
import { SuggestionRateLimit } from './search/suggestion-rate-limit.js';
import { ListRevisionsInReviewHandler } from './queries/list-revisions-in-review.js';

/** The catalog core, in every process: event types, commands, queries, inline projections, rules. */
@Module({
  imports: [TypeOrmModule.forFeature([ContentRecord])],
  providers: [
    DraftContentHandler,
    SubmitContentHandler,
    ApproveContentHandler,
    RejectContentHandler,
    UnpublishContentHandler,
    RepublishContentHandler,
    HideContentHandler,
    UnhideContentHandler,
    ReviseContentHandler,
    RecordProgressHandler,
    ClassifyContentHandler,
    ChangeCategoryTreeHandler,
    GetContentDetailHandler,
    ListContentsHandler,
    ListRevisionsInReviewHandler,
    GetLessonProgressHandler,
    GetMyLearningHandler,
    GetCategoryTreeHandler,
    SearchContentsHandler,
    SuggestSearchTermsHandler,
    SuggestionRateLimit,
    PostgresSearchIndex,
    OpenSearchSearchIndex,
    // SEARCH_BACKEND picks the index queries run on; both are fed from the catalog events.
    {
      provide: SearchIndex,
      inject: [APP_CONFIG, PostgresSearchIndex, OpenSearchSearchIndex],
      useFactory: (config: AppConfig, postgres: PostgresSearchIndex, opensearch: OpenSearchSearchIndex) =>
        config.search.backend === 'opensearch' ? opensearch : postgres,
    },
    OpenSearchFeeder,
    ContentsProjector,
    ProgressProjector,
    EnrolmentsProjector,
    LessonAccess,
    CategoriesProjector,
    SearchDocumentsProjector,
    ContentStatsSubscriber,
    CatalogRules,
    // Certificates of completed courses.
    CertificatesProjector,
    ErasedLearnersProjector,
    CertificateSigner,
    GetMyCertificatesHandler,
    GetMyCertificateHandler,
    VerifyCertificateHandler,
    CertificatesRules,
  ],
  exports: [CertificateSigner],
})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(catalogEventTypes);
    this.eventTypes.register(certificateEventTypes);
  }
}
