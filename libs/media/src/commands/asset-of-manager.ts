import { Injectable } from '@nestjs/common';
import { AbilityFactory, type Actor, asSubject, Decisions } from '#platform';
import { assetStream, type MediaAssetState, mediaAssetDecider } from '../domain/media-asset.js';
import { MediaErrors } from '../domain/media.errors.js';

/**
 * Checks, against the asset as loaded, that it belongs to the content in the path and that the
 * caller manages it (its creator, or staff): anything else is answered as a missing asset (BOLA).
 */
@Injectable()
export class AssetOfManager {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  authorize(actor: Actor | null, contentId: string) {
    return (state: MediaAssetState): void => {
      const managed =
        state.status !== 'none' &&
        state.status !== 'deleted' &&
        state.contentId === contentId &&
        this.abilities.forActor(actor).can('manage', asSubject('MediaAsset', { creatorId: state.creatorId }));
      if (!managed) throw MediaErrors.assetNotFound();
    };
  }

  async load(assetId: string, actor: Actor | null, contentId: string): Promise<Exclude<MediaAssetState, { status: 'none' }>> {
    const { state } = await this.decisions.load(mediaAssetDecider, assetStream(assetId).streamId);
    this.authorize(actor, contentId)(state);
    return state as Exclude<MediaAssetState, { status: 'none' }>;
  }
}
