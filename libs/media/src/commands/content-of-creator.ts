import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor, AbilityFactory, DomainError } from '#platform';
import { GetContentDetail } from '#catalog';

export interface CatalogContent {
  readonly creatorId: string;
  readonly lessonIds: readonly string[];
  /** The lessons open to anyone who can see the content (free trial). */
  readonly previewLessonIds: readonly string[];
}

/**
 * What media needs of a content, asked of the catalog through its public query (never its
 * tables): who made it, which lessons it has and which are previews. Null when the caller may not see it.
 */
@Injectable()
export class ContentOfCreator {
  constructor(
    private readonly queries: QueryBus,
    private readonly abilities: AbilityFactory,
  ) {}

  async find(contentId: string, actor: Actor): Promise<CatalogContent | null> {
    try {
      const detail = await this.queries.execute(new GetContentDetail(contentId, this.abilities.forActor(actor), actor.userId));
      return {
        creatorId: detail.creatorId,
        lessonIds: detail.lessons.map((lesson) => lesson.lessonId),
        previewLessonIds: detail.lessons.filter((lesson) => lesson.preview).map((lesson) => lesson.lessonId),
      };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }
}
