import type { Decider } from '#platform/domain';
import { CommerceErrors } from './commerce.errors.js';
import type { PlanEvent, PlanTerms } from './subscription-events.js';

export type PlanState = { status: 'none' } | ({ status: 'offered' | 'retired' } & PlanTerms);

export type PlanCommand = ({ type: 'CreatePlan' } & PlanTerms) | { type: 'RetirePlan' };

/** A membership plan: offered until retired; its members keep their subscriptions either way. */
export const planDecider: Decider<PlanState, PlanCommand, PlanEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'commerce.plan-created':
        return { status: 'offered', ...event.data };
      case 'commerce.plan-retired':
        return state.status === 'none' ? state : { ...state, status: 'retired' };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreatePlan': {
        if (state.status !== 'none') return []; // the same plan again
        const { type: _type, ...terms } = command;
        if (terms.priceCents <= 0) throw CommerceErrors.planTermsInvalid('a plan costs something');
        if (terms.period.count < 1) throw CommerceErrors.planTermsInvalid('a period lasts at least one day, month or year');
        if (terms.trialDays < 0 || terms.trialDays > 90) throw CommerceErrors.planTermsInvalid('a trial lasts 0 to 90 days');
        return [{ type: 'commerce.plan-created', data: terms }];
      }
      case 'RetirePlan':
        if (state.status === 'none') throw CommerceErrors.planNotFound();
        return state.status === 'retired' ? [] : [{ type: 'commerce.plan-retired', data: { planId: state.planId } }];
    }
  },
};
