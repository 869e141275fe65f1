import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendRequest } from './recorded-event.js';

/**
 * Events that must commit together with whatever the current request writes first — the audit
 * record of an admin action rides in the same transaction as the action's own events, so one
 * never exists without the other. If the request writes nothing (a read, a no-op, a refusal),
 * its owner appends them on their own afterwards.
 */
export class RequestEvents {
  private state: 'pending' | 'claimed' | 'written' = 'pending';

  constructor(readonly request: AppendRequest) {}

  get written(): boolean {
    return this.state === 'written';
  }

  /** For the store: takes them into the transaction it is about to open; null if another took them. */
  claim(): { settle(committed: boolean): void } | null {
    if (this.state !== 'pending') return null;
    this.state = 'claimed';
    return {
      settle: (committed) => {
        this.state = committed ? 'written' : 'pending';
      },
    };
  }
}

const scope = new AsyncLocalStorage<RequestEvents>();

/** Runs `work` (and everything it awaits) with `events` attached to its first append. */
export const withRequestEvents = <T>(events: RequestEvents, work: () => T): T => scope.run(events, work);

/** Runs `work` with no events attached (to append the attached events themselves, or others, alone). */
export const withoutRequestEvents = <T>(work: () => T): T => scope.exit(work);

/** The events attached to the work now running, if any. */
export const currentRequestEvents = (): RequestEvents | undefined => scope.getStore();
