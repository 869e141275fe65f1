import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AbilityFactory, type Actor, asSubject } from '#platform';
import { HasAccess } from '#commerce';
import { ContentOfCreator } from '../commands/content-of-creator.js';

/** What playing an asset depends on: its content, that content's creator, and the lesson it belongs to (null: the content as a whole). */
export interface PlayableAsset {
  readonly creatorId: string;
  readonly contentId: string;
  readonly lessonId: string | null;
}

/**
 * Who may play the media of a content: its creator and staff by their role; anyone commerce says
 * is entitled to the content; and, for the media of a preview lesson, anyone who may see the
 * content (as they may read the lesson). Each fact is asked only when the ones before did not decide.
 */
@Injectable()
export class MediaAccess {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    private readonly contents: ContentOfCreator,
  ) {}

  async mayPlay(actor: Actor, asset: PlayableAsset): Promise<boolean> {
    const ability = this.abilities.forActor(actor);
    const may = (entitled: boolean, preview: boolean) => ability.can('play', asSubject('MediaAsset', { creatorId: asset.creatorId, entitled, preview }));
    if (may(false, false)) return true;
    const entitled = await this.queries.execute(new HasAccess(actor.userId, asset.contentId));
    if (may(entitled, false)) return true;
    return asset.lessonId !== null && may(entitled, await this.isPreview(actor, asset.contentId, asset.lessonId));
  }

  /** Whether the lesson is a preview of a content the caller may see (published, or theirs), as the catalog says now. */
  private async isPreview(actor: Actor, contentId: string, lessonId: string): Promise<boolean> {
    return (await this.contents.find(contentId, actor))?.previewLessonIds.includes(lessonId) ?? false;
  }

  /** Whether the caller may play the media of preview lessons of a content they may see (without being entitled to it). */
  mayPlayPreviews(actor: Actor, creatorId: string): boolean {
    return this.abilities.forActor(actor).can('play', asSubject('MediaAsset', { creatorId, entitled: false, preview: true }));
  }

  manages(actor: Actor, creatorId: string): boolean {
    return this.abilities.forActor(actor).can('manage', asSubject('MediaAsset', { creatorId }));
  }
}
