import type { Decider } from '#platform/domain';
import type { FollowTarget } from './follow.js';
import type { FollowTargetType, MuteEvent } from './social-events.js';
import { SocialErrors } from './social.errors.js';

export interface MuteState {
  muted: boolean;
}

export type MuteCommand =
  | { type: 'Mute'; userId: string; targetType: FollowTargetType; targetId: string; target: FollowTarget | null }
  | { type: 'Unmute'; userId: string; targetType: FollowTargetType; targetId: string };

/** Where one user's mute of one creator or column is recorded: one stream per pair, as for follows. */
export const muteStream = (userId: string, targetType: FollowTargetType, targetId: string) => ({
  streamId: `mute-${userId}-${targetType}-${targetId}`,
  streamType: 'mute',
});

/**
 * A follower or a buyer mutes a creator or a column: the fan-out tells them nothing of it (new items
 * of a creator; a column's instalments, whether they follow or bought it) until they unmute. Both are
 * idempotent; a mute needs a target that exists, an unmute does not.
 */
export const muteDecider: Decider<MuteState, MuteCommand, MuteEvent> = {
  initialState: () => ({ muted: false }),
  evolve: (_state, event) => ({ muted: event.type === 'social.muted' }),
  decide(command, state) {
    const { userId, targetType, targetId } = command;
    if (command.type === 'Unmute') return state.muted ? [{ type: 'social.unmuted', data: { userId, targetType, targetId } }] : [];
    if (!command.target) throw SocialErrors.muteTargetNotFound();
    return state.muted ? [] : [{ type: 'social.muted', data: { userId, targetType, targetId } }];
  },
};
