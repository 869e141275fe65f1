import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type AppAbility, asSubject } from '#platform';
import { HasAccess } from '#commerce';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { ContentRecord } from '../projections/content.record.js';
import type { ContentSummary } from './list-contents.js';

export interface LessonView {
  lessonId: string;
  title: string;
  preview: boolean;
  /** Null when the caller may only see previews and this lesson is not one. */
  body: string | null;
}

/** The summary a list shows, plus what only the detail carries. */
export interface ContentDetail extends ContentSummary {
  rejectionReason: string | null;
  createdAt: string;
  submittedAt: string | null;
  access: 'full' | 'preview';
  lessons: LessonView[];
}

export class GetContentDetail extends Query<ContentDetail> {
  constructor(
    readonly contentId: string,
    readonly ability: AppAbility,
    readonly viewerId: string | null,
  ) {
    super();
  }
}

/**
 * One content as the caller may see it: 404 if they may not read it, lesson bodies only for
 * previews unless they may read the lessons (owner, staff, or entitled through commerce).
 */
@QueryHandler(GetContentDetail)
export class GetContentDetailHandler implements IQueryHandler<GetContentDetail> {
  constructor(
    @InjectRepository(ContentRecord) private readonly contents: Repository<ContentRecord>,
    private readonly queries: QueryBus,
  ) {}

  async execute({ contentId, ability, viewerId }: GetContentDetail): Promise<ContentDetail> {
    const record = await this.contents.findOneBy({ id: contentId });
    const fields = record && { id: record.id, creatorId: record.creatorId, status: record.status };
    if (!record || !fields || !ability.can('read', asSubject('Content', fields))) throw CatalogErrors.contentNotFound();

    let full = ability.can('readLessons', asSubject('Content', { ...fields, entitled: false }));
    // Ask commerce only when the caller's role alone does not already open the lessons.
    if (!full && viewerId) {
      const entitled = await this.queries.execute(new HasAccess(viewerId, contentId));
      full = ability.can('readLessons', asSubject('Content', { ...fields, entitled }));
    }

    return {
      id: record.id,
      creatorId: record.creatorId,
      kind: record.kind,
      title: record.title,
      summary: record.summary,
      priceCents: record.priceCents,
      currency: record.currency,
      tags: record.tags,
      status: record.status,
      rejectionReason: record.rejectionReason,
      createdAt: record.createdAt.toISOString(),
      submittedAt: record.submittedAt?.toISOString() ?? null,
      publishedAt: record.publishedAt?.toISOString() ?? null,
      lessonCount: record.lessons.length,
      access: full ? 'full' : 'preview',
      lessons: record.lessons.map(({ lessonId, title, preview, body }) => ({
        lessonId,
        title,
        preview,
        body: full || preview ? body : null,
      })),
    };
  }
}
