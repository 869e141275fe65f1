import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { GetContentDetail } from '#catalog';
import { HasAccess } from '#commerce';
import { AbilityFactory, type Actor, DomainError } from '#platform';
import { CommunityErrors } from '../domain/community.errors.js';
import type { CommentTarget } from '../domain/community-events.js';

/** A comment as stored, for the checks before a command or a list. */
export interface CommentRow {
  id: string;
  content_id: string;
  lesson_id: string | null;
  parent_id: string | null;
  author_id: string;
  status: 'visible' | 'held' | 'deleted' | 'removed';
  open_reports: number;
}

/**
 * Who may read and write the community around an item. Anyone, the comments of a published item.
 * A lesson's comments only its item's creator, staff, and learners entitled to the item now
 * (commerce's HasAccess): they talk about the lesson's body, which the others may not read.
 * Off the catalogue (unpublished, hidden), its comments and its lessons' stay open to its holders,
 * creator and staff (buyers keep what they paid for) and do not exist for anyone else; its reviews
 * and likes, which rank it in lists, close with the listing.
 */
@Injectable()
export class CommunityAccess {
  constructor(
    private readonly queries: QueryBus,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The published item, as catalog shows it to the caller; 404 if there is none they may read. With
   * `offCatalogue: 'holders'`, an item taken off the catalogue (unpublished, hidden) too, for those
   * catalog still shows it to in full (its holders, its creator, staff): buyers keep what they paid
   * for, its comments included; to everyone else it does not exist.
   */
  async item(contentId: string, actor: Actor | null, { offCatalogue }: { offCatalogue?: 'closed' | 'holders' } = {}): Promise<{ creatorId: string; lessonIds: string[] }> {
    try {
      const detail = await this.queries.execute(new GetContentDetail(contentId, this.abilities.forActor(actor), actor?.userId ?? null));
      if (detail.status !== 'published' && !(offCatalogue === 'holders' && detail.access === 'full')) throw CommunityErrors.contentNotFound();
      return { creatorId: detail.creatorId, lessonIds: detail.lessons.map((lesson) => lesson.lessonId) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CATALOG.CONTENT_NOT_FOUND') throw CommunityErrors.contentNotFound();
      throw error;
    }
  }

  /** Refuses a caller who may not read (nor so write) the comments of this item or lesson. */
  async target(target: CommentTarget, actor: Actor | null): Promise<void> {
    const item = await this.item(target.contentId, actor, { offCatalogue: 'holders' });
    if (target.lessonId === null) return;
    if (!item.lessonIds.includes(target.lessonId)) throw CommunityErrors.lessonNotFound();
    if (!actor) throw CommunityErrors.lessonLocked();
    if (actor.userId === item.creatorId || actor.roles.includes('moderator') || actor.roles.includes('admin')) return;
    if (!(await this.queries.execute(new HasAccess(actor.userId, target.contentId)))) throw CommunityErrors.lessonLocked();
  }

  /**
   * A comment the caller may see, after the check of its item or lesson: one held or hidden by
   * reports is its author's alone, so to anyone else it does not exist.
   */
  async comment(commentId: string, actor: Actor | null, reportThreshold: number): Promise<CommentRow> {
    const [row]: CommentRow[] = await this.dataSource.query(
      `SELECT id, content_id, lesson_id, parent_id, author_id, status, report_count - reports_reviewed AS open_reports
         FROM community_comments WHERE id = $1`,
      [commentId],
    );
    if (!row) throw CommunityErrors.commentNotFound();
    await this.target({ contentId: row.content_id, lessonId: row.lesson_id }, actor);
    const hidden = row.status === 'held' || row.open_reports >= reportThreshold;
    if (hidden && row.author_id !== actor?.userId) throw CommunityErrors.commentNotFound();
    return row;
  }
}
