import { Injectable } from '@nestjs/common';
import { type AbilityRules, type AbilityRulesBuilder, type Actor, DefinesAbilities } from '#platform';

/**
 * Creators upload and manage the media of their own contents; moderators and admins manage any.
 * Who may play an asset (its creator, staff, a user commerce says is entitled, anyone who may see
 * the content when the asset belongs to a preview lesson, signed in or not) is decided per asset
 * by the playback query, as `play` on the asset's fields.
 */
@Injectable()
@DefinesAbilities()
export class MediaRules implements AbilityRules {
  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    // A preview lesson's media is the free trial, like its body: signed out too.
    can('play', 'MediaAsset', { preview: true });
    if (!actor) return;
    can('play', 'MediaAsset', { entitled: true });
    if (actor.roles.includes('creator')) {
      can('upload', 'MediaAsset');
      can(['manage', 'play'], 'MediaAsset', { creatorId: actor.userId });
    }
    if (actor.roles.includes('moderator') || actor.roles.includes('admin')) can(['manage', 'play'], 'MediaAsset');
  }
}
