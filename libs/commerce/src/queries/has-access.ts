import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '#platform';
import { activeGrant, coveringMembership } from '../access/active-grant.js';

/** May this user read this content in full now (an active grant, or a running membership that covers it)? For other domains' access checks. */
export class HasAccess extends Query<boolean> {
  constructor(
    readonly userId: string,
    readonly contentId: string,
  ) {
    super();
  }
}

@QueryHandler(HasAccess)
export class HasAccessHandler implements IQueryHandler<HasAccess> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(query: HasAccess): Promise<boolean> {
    const [{ ok }]: { ok: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM commerce_access_grants g WHERE g.user_id = $1 AND g.content_id = $2 AND ${activeGrant('$3')})
           OR EXISTS (SELECT 1 FROM commerce_subscription_access m JOIN commerce_products p ON p.content_id = $2
                       WHERE m.user_id = $1 AND ${coveringMembership('$3')}) AS ok`,
      [query.userId, query.contentId, this.clock.now().toISOString()],
    );
    return ok;
  }
}
