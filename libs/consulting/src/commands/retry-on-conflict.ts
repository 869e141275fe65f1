import { DomainError } from '#platform';

/**
 * Runs `attempt` again when another writer appended to the same stream first: the next attempt
 * loads what that writer decided (for the jobs here, usually that there is nothing left to do).
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let left = attempts; ; left--) {
    try {
      return await attempt();
    } catch (error) {
      if (left <= 1 || !(error instanceof DomainError) || error.code !== 'EVENT_STORE.VERSION_CONFLICT') throw error;
    }
  }
}
