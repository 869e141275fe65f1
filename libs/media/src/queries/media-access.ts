import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AbilityFactory, type Actor, asSubject } from '#platform';
import { HasAccess } from '#commerce';

/**
 * Who may play the media of a content: its creator and staff by their role, anyone else only while
 * commerce says they are entitled to the content (asked only when the role alone does not decide).
 */
@Injectable()
export class MediaAccess {
  constructor(
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
  ) {}

  async mayPlay(actor: Actor, asset: { creatorId: string; contentId: string }): Promise<boolean> {
    const ability = this.abilities.forActor(actor);
    if (ability.can('play', asSubject('MediaAsset', { creatorId: asset.creatorId, entitled: false }))) return true;
    const entitled = await this.queries.execute(new HasAccess(actor.userId, asset.contentId));
    return ability.can('play', asSubject('MediaAsset', { creatorId: asset.creatorId, entitled }));
  }

  manages(actor: Actor, creatorId: string): boolean {
    return this.abilities.forActor(actor).can('manage', asSubject('MediaAsset', { creatorId }));
  }
}
