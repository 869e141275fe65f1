import type { Actor } from '../authz/actor.js';
import type { EventMetadata } from '../event-store/recorded-event.js';

/** Who asked, from where, under which request: travels with every command into event metadata. */
export interface CommandContext {
  readonly actor: Actor | null;
  readonly requestId: string | null;
  readonly clientIp: string | null;
  /** The client's User-Agent header (clipped), for the audit trail and the session list. */
  readonly userAgent?: string | null;
  /** Who ran it from the command line (`user@host`), for commands an operator runs outside any route. */
  readonly operator?: string;
  /**
   * Whose request this was when no one is signed in yet (a sign-up, an email verification, a password
   * reset): the request's address and User-Agent are that person's data, sealed with their key.
   */
  readonly personId?: string;
}

export const systemContext = (requestId: string | null = null): CommandContext => ({
  actor: null,
  requestId,
  clientIp: null,
});

export function eventMetadata(context: CommandContext, causationId: string | null = null): EventMetadata {
  return {
    actorId: context.actor?.userId ?? null,
    requestId: context.requestId,
    correlationId: context.requestId,
    causationId,
    clientIp: context.clientIp,
    ...(context.userAgent ? { userAgent: context.userAgent } : {}),
    ...(context.operator ? { operator: context.operator } : {}),
    ...(!context.actor && context.personId ? { personId: context.personId } : {}),
  };
}
