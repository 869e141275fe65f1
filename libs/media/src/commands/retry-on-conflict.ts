import { DomainError } from '#platform';

/**
 * Runs a decision again when another writer appended to the same stream first: the rerun loads
 * what they wrote, and the decider sees the work done (30 clients completing one upload at once
 * all get an answer, one of them having completed it).
 */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'EVENT_STORE.VERSION_CONFLICT' || attempt >= attempts) throw error;
    }
  }
}
