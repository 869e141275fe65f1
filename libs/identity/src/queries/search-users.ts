import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type Actor, decodeCursor, DEFAULT_PAGE_SIZE, type Role, toPage } from '#platform';
import { PROFILE_COLUMNS, type ProfileRow, toProfile, type UserProfile } from './get-user-profile.js';

export interface UserSearch {
  /** Holds this role now (a temporary grant that ended does not count). */
  readonly role?: Role;
  readonly status?: 'active' | 'suspended';
  /** The email starts with this (compared lower-case). */
  readonly emailPrefix?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface UserSearchPage {
  items: UserProfile[];
  nextCursor: string | null;
}

/** Staff look for accounts: newest first, by role, status or the start of the email. */
export class SearchUsers extends Query<UserSearchPage> {
  constructor(
    readonly search: UserSearch,
    readonly actor: Actor | null,
  ) {
    super();
  }
}

/** `%` and `_` in a prefix are letters, not LIKE wildcards. */
const likePrefix = (prefix: string) => `${prefix.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

@QueryHandler(SearchUsers)
export class SearchUsersHandler implements IQueryHandler<SearchUsers> {
  constructor(
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // created_at comes from the event's time, whole milliseconds: the cursor's ISO time is exact.
  async execute({ search, actor }: SearchUsers): Promise<UserSearchPage> {
    this.abilities.require(actor, 'search', 'User');
    const limit = search.limit ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (search.role !== undefined) add((p) => `${p} = ANY (identity_roles_now(roles, role_expiries))`, search.role);
    if (search.status !== undefined) where.push(search.status === 'suspended' ? 'suspended_at IS NOT NULL' : 'suspended_at IS NULL');
    if (search.emailPrefix !== undefined) add((p) => `email LIKE ${p}`, likePrefix(search.emailPrefix));
    const after = decodeCursor(search.cursor, ['timestamp', 'uuid']);
    if (after !== null) {
      params.push(...after);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: ProfileRow[] = await this.dataSource.query(
      `SELECT ${PROFILE_COLUMNS} FROM identity_users ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, limit, toProfile, (row) => [row.created_at.toISOString(), row.id]);
  }
}
