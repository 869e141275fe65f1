import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ExternalIdentityView {
  provider: string;
  linkedAt: string;
}

/** The provider accounts that sign in to this user's account (never the provider's subject id). */
export class GetMyExternalIdentities extends Query<ExternalIdentityView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetMyExternalIdentities)
export class GetMyExternalIdentitiesHandler implements IQueryHandler<GetMyExternalIdentities> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetMyExternalIdentities): Promise<ExternalIdentityView[]> {
    const rows: { provider: string; linked_at: Date }[] = await this.dataSource.query(
      `SELECT provider, linked_at FROM identity_external_identities WHERE user_id = $1 ORDER BY linked_at, provider`,
      [query.userId],
    );
    return rows.map((row) => ({ provider: row.provider, linkedAt: row.linked_at.toISOString() }));
  }
}
