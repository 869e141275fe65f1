import { describe, expect, it } from 'vitest';
import { type AbilityRules, buildAbility } from './ability.js';
import type { Actor } from './actor.js';
import { abilityToOpenSearch } from './opensearch-filter.js';

const rules: AbilityRules = {
  define(actor, { can, cannot }) {
    can('read', 'Order', { status: 'paid' });
    if (!actor) return;
    can('read', 'Order', { buyerId: actor.userId });
    if (actor.roles.includes('finance')) can('read', 'Order');
    if (actor.roles.includes('moderator')) cannot('read', 'Order', { status: { $in: ['failed', 'refunded'] } });
    if (actor.roles.includes('creator')) can('read', 'Order', { amountCents: { $gte: 100 }, sellerId: { $ne: actor.userId }, note: null });
  },
};
const fields = { buyerId: 'buyerId', status: 'status', amountCents: 'amountCents', sellerId: 'sellerId', note: 'note' };
const learner: Actor = { userId: 'u-1', roles: ['learner'] };

describe('CASL rules as an OpenSearch filter (the same rules as abilityToSql, for an index)', () => {
  it('ORs the conditions a caller may read under', () => {
    expect(abilityToOpenSearch(buildAbility(learner, [rules]), 'read', 'Order', fields)).toEqual({
      bool: { should: [{ term: { buyerId: 'u-1' } }, { term: { status: 'paid' } }], minimum_should_match: 1 },
    });
    expect(abilityToOpenSearch(buildAbility(null, [rules]), 'read', 'Order', fields)).toEqual({ term: { status: 'paid' } });
  });

  it('sees everything with an unconditional rule, and nothing without any rule', () => {
    expect(abilityToOpenSearch(buildAbility({ userId: 'f', roles: ['finance'] }, [rules]), 'read', 'Order', fields)).toEqual({ match_all: {} });
    expect(abilityToOpenSearch(buildAbility(null, [rules]), 'delete', 'Order', fields)).toEqual({ match_none: {} });
  });

  it('turns inverted rules into must_not, and ranges, not-equal and null into their clauses', () => {
    const moderator = JSON.stringify(abilityToOpenSearch(buildAbility({ userId: 'm', roles: ['moderator'] }, [rules]), 'read', 'Order', fields));
    expect(moderator).toContain('{"bool":{"must_not":[{"terms":{"status":["failed","refunded"]}}]}}');
    const creator = JSON.stringify(abilityToOpenSearch(buildAbility({ userId: 'c', roles: ['creator'] }, [rules]), 'read', 'Order', fields));
    expect(creator).toContain('{"range":{"amountCents":{"gte":100}}}');
    expect(creator).toContain('{"bool":{"must_not":[{"term":{"sellerId":"c"}}]}}');
    expect(creator).toContain('{"bool":{"must_not":[{"exists":{"field":"note"}}]}}');
  });

  it('refuses a rule field without a mapped index field, or an operator it cannot translate, rather than guessing', () => {
    const unmapped: AbilityRules = { define: (_, { can }) => can('read', 'Order', { secret: 1 }) };
    expect(() => abilityToOpenSearch(buildAbility(learner, [unmapped]), 'read', 'Order', fields)).toThrow(/No OpenSearch field mapped for rule field "secret"/);
    const regex: AbilityRules = { define: (_, { can }) => can('read', 'Order', { status: { $regex: '^p' } }) };
    expect(() => abilityToOpenSearch(buildAbility(learner, [regex]), 'read', 'Order', fields)).toThrow(/No OpenSearch translation for the rule operator "regex"/);
  });
});
