import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventTypeRegistry } from '#platform';
import { ApproveContentHandler } from './commands/approve-content.js';
import { DraftContentHandler } from './commands/draft-content.js';
import { RecordProgressHandler } from './commands/record-progress.js';
import { RejectContentHandler } from './commands/reject-content.js';
import { ReviseContentHandler } from './commands/revise-content.js';
import { SubmitContentHandler } from './commands/submit-content.js';
import { catalogEventTypes } from './domain/catalog-events.js';
import { CatalogRules } from './policies/catalog.rules.js';
import { ContentRecord } from './projections/content.record.js';
import { ContentsProjector } from './projections/contents.projector.js';
import { EnrolmentsProjector } from './projections/enrolments.projector.js';
import { ProgressProjector } from './projections/progress.projector.js';
import { GetContentDetailHandler } from './queries/get-content-detail.js';
import { GetLessonProgressHandler } from './queries/get-lesson-progress.js';
import { GetMyLearningHandler } from './queries/get-my-learning.js';
import { LessonAccess } from './queries/lesson-access.js';
import { ListContentsHandler } from './queries/list-contents.js';
import { ListRevisionsInReviewHandler } from './queries/list-revisions-in-review.js';

/** The catalog core, in every process: event types, commands, queries, inline projections, rules. */
@Module({
  imports: [TypeOrmModule.forFeature([ContentRecord])],
  providers: [
    DraftContentHandler,
    SubmitContentHandler,
    ApproveContentHandler,
    RejectContentHandler,
    ReviseContentHandler,
    RecordProgressHandler,
    GetContentDetailHandler,
    ListContentsHandler,
    ListRevisionsInReviewHandler,
    GetLessonProgressHandler,
    GetMyLearningHandler,
    ContentsProjector,
    ProgressProjector,
    EnrolmentsProjector,
    LessonAccess,
    CatalogRules,
  ],
})
export class CatalogModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(catalogEventTypes);
  }
}
