import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '#platform';

const ATTEMPTS = 10;

/**
 * Runs a decision again when another writer appended to its stream first, after a short random
 * pause so that racing writers spread out. Decisions here are idempotent (a follow that holds
 * records nothing) or commute (two messages), so the loser only has to reload: 30 parallel follows
 * end as one follow and 30 successes. A stream contended past ATTEMPTS still answers 409.
 */
export async function retryOnConflict<T>(decide: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await decide();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'EVENT_STORE.VERSION_CONFLICT' || attempt >= ATTEMPTS) throw error;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}
