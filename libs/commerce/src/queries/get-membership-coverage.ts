import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '#platform';
import { begun } from '../access/active-grant.js';

/** What one running membership opens: everything (`platform`), a creator's catalogue, or one item (a column), since when. */
export interface MembershipCoverage {
  scope: 'platform' | 'creator' | 'content';
  /** The creator's or the item's id; null for `platform`. */
  scopeId: string | null;
  /** ISO 8601: when this membership's current access began. */
  since: string;
}

/**
 * The user's memberships running now (by the Clock), one entry per scope with the earliest start.
 * For other domains that list what a membership opens (catalog's learning); whether one item is
 * readable is still HasAccess / GetAccessibleContentIds.
 */
export class GetMembershipCoverage extends Query<MembershipCoverage[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetMembershipCoverage)
export class GetMembershipCoverageHandler implements IQueryHandler<GetMembershipCoverage> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ userId }: GetMembershipCoverage): Promise<MembershipCoverage[]> {
    const rows: { scope_kind: MembershipCoverage['scope']; scope_id: string | null; since: Date }[] = await this.dataSource.query(
      `SELECT m.scope_kind, m.scope_id, min(m.valid_from) AS since
         FROM commerce_subscription_access m
        WHERE m.user_id = $1 AND m.valid_from <= ${begun('$2')} AND m.valid_to > $2::timestamptz
        GROUP BY m.scope_kind, m.scope_id
        ORDER BY m.scope_kind, m.scope_id`,
      [userId, this.clock.now().toISOString()],
    );
    return rows.map((row) => ({ scope: row.scope_kind, scopeId: row.scope_id, since: row.since.toISOString() }));
  }
}
