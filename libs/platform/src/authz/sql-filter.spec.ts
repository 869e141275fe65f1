import { describe, expect, it } from 'vitest';
import { type AbilityRules, buildAbility } from './ability.js';
import type { Actor } from './actor.js';
import { abilityToSql } from './sql-filter.js';

const rules: AbilityRules = {
  define(actor, { can, cannot }) {
    can('read', 'Order', { status: 'paid' });
    if (!actor) return;
    can('read', 'Order', { buyerId: actor.userId });
    if (actor.roles.includes('finance')) can('read', 'Order');
    if (actor.roles.includes('moderator')) cannot('read', 'Order', { status: { $in: ['failed', 'refunded'] } });
  },
};
const columns = { buyerId: 'o.buyer_id', status: 'o.status' };
const learner: Actor = { userId: 'u-1', roles: ['learner'] };

describe('CASL rules as SQL (the same rules that guard single records filter lists)', () => {
  it('ORs the conditions a caller may read under, with named parameters', () => {
    const filter = abilityToSql(buildAbility(learner, [rules]), 'read', 'Order', columns);
    expect(filter.sql).toBe('((o.buyer_id = :casl0 or o.status = :casl1))');
    expect(filter.params).toEqual({ casl0: 'u-1', casl1: 'paid' });
  });

  it('sees everything with an unconditional rule, and nothing without any rule', () => {
    expect(abilityToSql(buildAbility({ userId: 'f', roles: ['finance'] }, [rules]), 'read', 'Order', columns).sql).toBe('true');
    expect(abilityToSql(buildAbility(null, [rules]), 'delete', 'Order', columns)).toEqual({ sql: 'false', params: {} });
  });

  it('turns inverted rules into negated conditions', () => {
    const filter = abilityToSql(buildAbility({ userId: 'm', roles: ['moderator'] }, [rules]), 'read', 'Order', columns);
    expect(filter.sql).toContain('not (o.status in(:casl');
    expect(Object.values(filter.params)).toEqual(expect.arrayContaining(['failed', 'refunded', 'm', 'paid']));
  });

  it('refuses a rule field without a mapped column rather than guessing', () => {
    const unmapped: AbilityRules = { define: (_, { can }) => can('read', 'Order', { secret: 1 }) };
    expect(() => abilityToSql(buildAbility(learner, [unmapped]), 'read', 'Order', columns)).toThrow(/No SQL column mapped for rule field "secret"/);
  });
});
