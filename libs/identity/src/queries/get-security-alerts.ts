import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type Actor, decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '#platform';

export interface SecurityAlert {
  id: string;
  kind: 'credential-stuffing' | 'many-addresses' | 'token-reuse';
  /** The client address (credential stuffing) or the user id (the others). */
  subject: string;
  firstSeen: string;
  lastSeen: string;
  occurrences: number;
  details: Record<string, unknown>;
}

/** What the security scan found, most recently seen first. */
export class GetSecurityAlerts extends Query<{ items: SecurityAlert[]; nextCursor: string | null }> {
  constructor(
    readonly page: { cursor?: string; limit?: number },
    readonly actor: Actor | null,
  ) {
    super();
  }
}

@QueryHandler(GetSecurityAlerts)
export class GetSecurityAlertsHandler implements IQueryHandler<GetSecurityAlerts> {
  constructor(
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ page, actor }: GetSecurityAlerts): Promise<{ items: SecurityAlert[]; nextCursor: string | null }> {
    this.abilities.require(actor, 'read', 'SecurityAlert');
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(page.cursor, ['timestamp', 'uuid']);
    const rows: { id: string; kind: SecurityAlert['kind']; subject: string; first_seen: Date; last_seen: Date; occurrences: number; details: Record<string, unknown> }[] =
      await this.dataSource.query(
        `SELECT * FROM identity_security_alerts
          WHERE $1::timestamptz IS NULL OR (date_trunc('milliseconds', last_seen), id) < ($1::timestamptz, $2::uuid)
          ORDER BY date_trunc('milliseconds', last_seen) DESC, id DESC LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
    return toPage(
      rows,
      limit,
      (row) => ({
        id: row.id,
        kind: row.kind,
        subject: row.subject,
        firstSeen: row.first_seen.toISOString(),
        lastSeen: row.last_seen.toISOString(),
        occurrences: row.occurrences,
        details: row.details,
      }),
      (row) => [row.last_seen.toISOString(), row.id],
    );
  }
}
