import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/index.js';
import type { EventStore } from '../event-store/event-store.js';
import { Decisions } from './decisions.js';

const conflict = () => new DomainError('EVENT_STORE.VERSION_CONFLICT', 'conflict', 'The record was changed by someone else at the same time.');

/** A piece of work that loses `losses` races, then answers `answer`. */
function racing<T>(losses: number, answer: T) {
  const runs = { count: 0 };
  const work = async () => {
    runs.count += 1;
    if (runs.count <= losses) throw conflict();
    return answer;
  };
  return { runs, work };
}

describe('Decisions.redecideOnConflict', () => {
  // Only the redo loop is exercised here: it never touches the store.
  const decisions = new Decisions({} as EventStore);

  it('decides again after each lost race, and answers what the run that was not beaten decided', async () => {
    const { runs, work } = racing(3, 'decided');
    await expect(decisions.redecideOnConflict(work)).resolves.toBe('decided');
    expect(runs.count).toBe(4);
  });

  it('gives up with the conflict once the attempts are spent', async () => {
    const { runs, work } = racing(5, 'never');
    await expect(decisions.redecideOnConflict(work, 3)).rejects.toMatchObject({ code: 'EVENT_STORE.VERSION_CONFLICT' });
    expect(runs.count).toBe(3);
  });

  it('redoes nothing but a lost race: a refusal or a failure is answered at once', async () => {
    let runs = 0;
    const refused = async () => {
      runs += 1;
      throw new DomainError('COMMERCE.COUPON_EXHAUSTED', 'conflict', 'This coupon has been used up.');
    };
    await expect(decisions.redecideOnConflict(refused)).rejects.toMatchObject({ code: 'COMMERCE.COUPON_EXHAUSTED' });
    expect(runs).toBe(1);
    const broken = async () => {
      runs += 1;
      throw new Error('connection lost');
    };
    await expect(decisions.redecideOnConflict(broken)).rejects.toThrow('connection lost');
    expect(runs).toBe(2);
  });

  it('runs once when nothing races it', async () => {
    const { runs, work } = racing(0, 42);
    await expect(decisions.redecideOnConflict(work)).resolves.toBe(42);
    expect(runs.count).toBe(1);
  });
});
