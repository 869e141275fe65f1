import { type Actor, asSubject, type AppAbility, type CommandContext } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';
import type { ContentState } from '../domain/content.js';

/** The signed-in caller a moderation is recorded against; nobody moderates anonymously. */
export function moderatorOf(context: CommandContext): Actor {
  if (!context.actor) throw CatalogErrors.mayNotModerate();
  return context.actor;
}

/** Re-checks a moderation against the loaded content: it must exist and not be the caller's own. */
export function authorizeModeration(ability: AppAbility, moderator: Actor) {
  return (state: ContentState): void => {
    if (state.status === 'none') throw CatalogErrors.contentNotFound();
    if (ability.can('moderate', asSubject('Content', { creatorId: state.creatorId }))) return;
    if (state.creatorId === moderator.userId) throw CatalogErrors.cannotModerateOwnContent();
    throw CatalogErrors.mayNotModerate();
  };
}
