import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AbilityFactory, type Actor, asSubject } from '#platform';
import { CatalogErrors } from '#catalog';
import { HasAccess } from '#commerce';
import { ContentOfCreator } from '../commands/content-of-creator.js';
import { MediaErrors } from '../domain/media.errors.js';
import { lessonMediaVerdict, type PlayVerdict } from '../domain/playback.js';

/** What playing an asset depends on: its content, that content's creator, and the lesson it belongs to (null: the content as a whole). */
export interface PlayableAsset {
  readonly creatorId: string;
  readonly contentId: string;
  readonly lessonId: string | null;
}

const PLAY: PlayVerdict = { kind: 'play' };
const NOT_ENTITLED: PlayVerdict = { kind: 'not-entitled' };

/**
 * Who may play the media of a content: its creator and staff by their role; for the content's own
 * media (no lesson), anyone commerce says is entitled to it; for a lesson's media, whoever the
 * lesson's body is shown to now, as the catalog decides it (its `readLesson` rule, evaluated in
 * SQL with drip release: an entitled learner's locked lesson plays once it opens; a preview plays
 * to anyone who may see the content). Each fact is asked only when the ones before did not decide.
 */
@Injectable()
export class MediaAccess {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    private readonly contents: ContentOfCreator,
  ) {}

  async verdict(actor: Actor | null, asset: PlayableAsset): Promise<PlayVerdict> {
    const ability = this.abilities.forActor(actor);
    const may = (entitled: boolean, preview: boolean) => ability.can('play', asSubject('MediaAsset', { creatorId: asset.creatorId, entitled, preview }));
    if (may(false, false)) return PLAY;
    if (asset.lessonId === null) {
      const entitled = actor !== null && (await this.queries.execute(new HasAccess(actor.userId, asset.contentId)));
      return may(entitled, false) ? PLAY : NOT_ENTITLED;
    }
    const content = await this.contents.find(asset.contentId, actor);
    const lesson = content?.lessons.find((candidate) => candidate.lessonId === asset.lessonId) ?? null;
    const verdict = lessonMediaVerdict(lesson, content?.full ?? false);
    // The media rules keep the last word on who plays anything.
    return verdict.kind === 'play' && !may(content!.full, lesson!.preview) ? NOT_ENTITLED : verdict;
  }

  async mayPlay(actor: Actor | null, asset: PlayableAsset): Promise<boolean> {
    return (await this.verdict(actor, asset)).kind === 'play';
  }

  /** Throws unless the caller may play the asset now: a locked lesson says when it opens (as its body does); a caller signed in to nothing is asked to sign in. */
  async requirePlay(actor: Actor | null, asset: PlayableAsset): Promise<void> {
    const verdict = await this.verdict(actor, asset);
    if (verdict.kind === 'locked') throw CatalogErrors.lessonLocked(verdict.unlocksAt);
    if (verdict.kind === 'not-entitled') throw actor ? MediaErrors.notEntitled() : MediaErrors.signInToPlay();
  }

  /** Whether the caller may play the media of preview lessons of a content they may see (without being entitled to it). */
  mayPlayPreviews(actor: Actor | null, creatorId: string): boolean {
    return this.abilities.forActor(actor).can('play', asSubject('MediaAsset', { creatorId, entitled: false, preview: true }));
  }

  manages(actor: Actor | null, creatorId: string): boolean {
    return this.abilities.forActor(actor).can('manage', asSubject('MediaAsset', { creatorId }));
  }
}
