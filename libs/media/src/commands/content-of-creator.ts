import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor, AbilityFactory, DomainError } from '#platform';
import { GetContentDetail } from '#catalog';
import type { LessonAccessState } from '../domain/playback.js';

export interface CatalogLesson extends LessonAccessState {
  readonly lessonId: string;
}

export interface CatalogContent {
  readonly creatorId: string;
  /** Whether the caller may read the whole item (its owner, staff, or entitled by commerce), drip release aside. */
  readonly full: boolean;
  readonly lessonIds: readonly string[];
  /** The lessons open to anyone who can see the content (free trial). */
  readonly previewLessonIds: readonly string[];
  /** Each lesson as the catalog shows it to the caller now: whether its body is shown, and when a time-released one opens. */
  readonly lessons: readonly CatalogLesson[];
}

/**
 * What media needs of a content, asked of the catalog through its public query (never its
 * tables): who made it, which lessons it has, which are previews and which the caller may read
 * now (the catalog's `readLesson` rule, drip release included). Null when the caller may not see it.
 */
@Injectable()
export class ContentOfCreator {
  constructor(
    private readonly queries: QueryBus,
    private readonly abilities: AbilityFactory,
  ) {}

  async find(contentId: string, actor: Actor | null): Promise<CatalogContent | null> {
    try {
      const detail = await this.queries.execute(new GetContentDetail(contentId, this.abilities.forActor(actor), actor?.userId ?? null));
      return {
        creatorId: detail.creatorId,
        full: detail.access === 'full',
        lessonIds: detail.lessons.map((lesson) => lesson.lessonId),
        previewLessonIds: detail.lessons.filter((lesson) => lesson.preview).map((lesson) => lesson.lessonId),
        // The detail's body is null exactly when the readLesson rule withholds it from this caller now.
        lessons: detail.lessons.map((lesson) => ({ lessonId: lesson.lessonId, preview: lesson.preview, readable: lesson.body !== null, unlocksAt: lesson.unlocksAt })),
      };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }
}
