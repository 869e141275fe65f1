import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type AppAbility, asSubject } from '#platform';
import { HasAccess } from '#commerce';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { type Chapter, type DraftedLesson, LEARNABLE_STATUSES, type LessonFormat } from '../domain/catalog-events.js';
import { JOIN_OPENS_BEFORE_MS } from '../domain/content-shape.js';
import type { PendingRevision } from '../domain/content.js';
import { ContentRecord } from '../projections/content.record.js';
import { LessonAccess } from './lesson-access.js';
import type { ContentSummary } from './list-contents.js';

export interface LessonView {
  lessonId: string;
  title: string;
  preview: boolean;
  format: LessonFormat;
  durationSeconds: number | null;
  chapterId: string | null;
  /** Null unless the caller may read it now: a preview, or full access and released. */
  body: string | null;
  /** When a time-released lesson opens for the caller, while it is still ahead; null otherwise. */
  unlocksAt: string | null;
}

export interface LiveView {
  startsAt: string;
  endsAt: string;
  /** From when the join link is given (a quarter of an hour before the start). */
  joinOpensAt: string;
  /** Only for an entitled caller (or the host), and only from joinOpensAt to the end. */
  joinUrl: string | null;
}

/** A revision waiting beside the live one: its creator and staff see it, nobody else. */
export interface RevisionView {
  revision: number;
  status: PendingRevision['status'];
  rejectionReason: string | null;
  title: string;
  summary: string;
  priceCents: number;
  currency: string;
  tags: string[];
  chapters: Chapter[] | null;
  live: { startsAt: string; endsAt: string; joinUrl: string } | null;
  lessons: DraftedLesson[];
}

/** The summary a list shows, plus what only the detail carries. */
export interface ContentDetail extends ContentSummary {
  rejectionReason: string | null;
  /** Why a moderator hid it; its creator and staff see it, nobody else. */
  hiddenReason: string | null;
  createdAt: string;
  submittedAt: string | null;
  access: 'full' | 'preview';
  /** The live revision's number. */
  revision: number;
  revisedAt: string | null;
  chapters: Chapter[] | null;
  live: LiveView | null;
  lessons: LessonView[];
  pendingRevision: RevisionView | null;
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
 * One content as the caller may see it: 404 if they may not read it; each lesson body only where
 * the `readLesson` rules allow it (a preview; the owner and staff; an entitled learner once the
 * lesson is released); the live revision to everyone, a pending one to its creator and staff.
 */
@QueryHandler(GetContentDetail)
export class GetContentDetailHandler implements IQueryHandler<GetContentDetail> {
  constructor(
    @InjectRepository(ContentRecord) private readonly contents: Repository<ContentRecord>,
    private readonly queries: QueryBus,
    private readonly lessonAccess: LessonAccess,
  ) {}

  async execute({ contentId, ability, viewerId }: GetContentDetail): Promise<ContentDetail> {
    const record = await this.contents.findOneBy({ id: contentId });
    const fields = record && { id: record.id, creatorId: record.creatorId, status: record.status };
    if (!record || !fields) throw CatalogErrors.contentNotFound();
    const listed = ability.can('read', asSubject('Content', fields));
    // Off the catalogue (unpublished, hidden) an item is shown only to whoever may read its lessons: its holders keep what they paid for.
    if (!listed && !(viewerId && LEARNABLE_STATUSES.includes(record.status))) throw CatalogErrors.contentNotFound();

    let full = ability.can('readLessons', asSubject('Content', { ...fields, entitled: false }));
    let entitled = false;
    // Ask commerce only when the caller's role alone does not already open the lessons.
    if (!full && viewerId) {
      entitled = await this.queries.execute(new HasAccess(viewerId, contentId));
      full = ability.can('readLessons', asSubject('Content', { ...fields, entitled }));
    }
    if (!listed && !full) throw CatalogErrors.contentNotFound();
    const access = (await this.lessonAccess.of(ability, viewerId, [contentId], entitled ? [contentId] : [])).get(contentId);

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
      hiddenReason: record.hiddenReason && ability.can('readRevision', asSubject('Content', fields)) ? record.hiddenReason : null,
      createdAt: record.createdAt.toISOString(),
      submittedAt: record.submittedAt?.toISOString() ?? null,
      publishedAt: record.publishedAt?.toISOString() ?? null,
      lessonCount: record.lessons.length,
      access: full ? 'full' : 'preview',
      revision: record.revision,
      revisedAt: record.revisedAt?.toISOString() ?? null,
      chapters: record.chapters,
      live: record.live && liveView(record, ability, entitled),
      lessons: record.lessons.map((lesson) => {
        const lessonAccess = access?.get(lesson.lessonId);
        return {
          lessonId: lesson.lessonId,
          title: lesson.title,
          preview: lesson.preview,
          format: lesson.format ?? 'article',
          durationSeconds: lesson.durationSeconds ?? null,
          chapterId: lesson.chapterId ?? null,
          body: lessonAccess?.readable ? lesson.body : null,
          unlocksAt: lessonAccess?.unlocksAt ?? null,
        };
      }),
      pendingRevision: record.pending && ability.can('readRevision', asSubject('Content', fields)) ? revisionView(record) : null,
    };
  }
}

function liveView(record: ContentRecord, ability: AppAbility, entitled: boolean): LiveView {
  const { startsAt, endsAt, joinUrl } = record.live!;
  const joinOpensAt = new Date(Date.parse(startsAt) - JOIN_OPENS_BEFORE_MS).toISOString();
  const session = asSubject('LiveSession', { creatorId: record.creatorId, entitled, joinOpensAt, endsAt });
  return { startsAt, endsAt, joinOpensAt, joinUrl: ability.can('join', session) ? joinUrl : null };
}

function revisionView(record: ContentRecord): RevisionView {
  const { revision, title, summary, priceCents, currency, tags, chapters, live, lessons } = record.pending!;
  return {
    revision,
    status: record.revisionStatus!,
    rejectionReason: record.revisionRejectionReason,
    title,
    summary,
    priceCents,
    currency,
    tags,
    chapters: chapters ?? null,
    live: live ?? null,
    lessons,
  };
}
