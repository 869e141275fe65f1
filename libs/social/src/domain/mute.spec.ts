import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import { muteDecider, muteStream } from './mute.js';
import type { Muted, Unmuted } from './social-events.js';

const spec = deciderSpec(muteDecider);
const userId = 'u-buyer';
const columnId = 'c-column';
const muted: Muted = { type: 'social.muted', data: { userId, targetType: 'column', targetId: columnId } };
const unmuted: Unmuted = { type: 'social.unmuted', data: { userId, targetType: 'column', targetId: columnId } };
const mute = { type: 'Mute' as const, userId, targetType: 'column' as const, targetId: columnId, target: { type: 'column' as const, id: columnId, ownerId: 'u-creator' } };
const unmute = { type: 'Unmute' as const, userId, targetType: 'column' as const, targetId: columnId };

describe('muting (given/when/then)', () => {
  it('given nothing, when muting, then muted', () => spec.given([]).when(mute).then([muted]));
  it('given muted, when muting again, then nothing (idempotent)', () => spec.given([muted]).when(mute).then([]));
  it('given muted then unmuted, when muting, then muted again', () => spec.given([muted, unmuted]).when(mute).then([muted]));
  it('given nothing, when muting a target that does not exist, then refused as not found', () =>
    spec.given([]).when({ ...mute, target: null }).thenRefuses('SOCIAL.MUTE_TARGET_NOT_FOUND', 'not_found'));
  it('given muted, when unmuting, then unmuted', () => spec.given([muted]).when(unmute).then([unmuted]));
  it('given nothing, when unmuting, then nothing (idempotent)', () => spec.given([]).when(unmute).then([]));
  it('starts not muted, one stream per user and target', () => {
    expect(muteDecider.initialState()).toEqual({ muted: false });
    expect(muteStream(userId, 'creator', 'u-creator')).toEqual({ streamId: 'mute-u-buyer-creator-u-creator', streamType: 'mute' });
  });
});
