import { DomainError } from '../domain/index.js';
import type { Actor } from './actor.js';

/**
 * A sensitive action (a role grant, a payout, a large refund) needs a session that passed a second
 * factor within `maxAgeSeconds`: a stolen token alone cannot move money or power. Routes ask for
 * it with @StepUp(); a handler whose need depends on the record (an amount) calls this itself.
 */
export function requireStepUp(actor: Actor, maxAgeSeconds: number, nowMs = Date.now()): void {
  if ((actor.mfaAt ?? 0) < nowMs / 1000 - maxAgeSeconds) {
    throw new DomainError('AUTH.STEP_UP_REQUIRED', 'forbidden', 'Confirm with a fresh second-factor code first (POST /api/v1/auth/step-up).');
  }
}
