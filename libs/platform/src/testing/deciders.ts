import { expect } from 'vitest';
import { type Decider, DomainError, type DomainErrorKind, type DomainEvent, foldEvents } from '../domain/index.js';

/**
 * Given/when/then for a pure decider (emmett's DeciderSpecification): given these past events,
 * when this command, then these new events — or this refusal.
 *
 *   const spec = deciderSpec(orderDecider);
 *   spec.given([placed]).when(confirm).then([paid]);
 *   spec.given([]).when(confirm).thenRefuses('COMMERCE.ORDER_NOT_FOUND', 'not_found');
 */
export function deciderSpec<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given(past: readonly Event[]) {
      const state = foldEvents(decider, past);
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            /** Refused with this code (and kind, if given); a refusal that is not a DomainError fails too. */
            thenRefuses(code: string, kind?: DomainErrorKind): DomainError {
              let refusal: unknown;
              try {
                run();
              } catch (error) {
                refusal = error;
              }
              expect(refusal, `expected the command to be refused with ${code}`).toBeInstanceOf(DomainError);
              const error = refusal as DomainError;
              expect({ code: error.code, kind: error.kind }).toEqual({ code, kind: kind ?? error.kind });
              return error;
            },
          };
        },
      };
    },
  };
}
