import type { QueryBus } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { DomainError } from '#platform';
import { GetUserProfile } from '#identity';
import type { FollowTarget } from '../domain/follow.js';
import type { FollowTargetType } from '../domain/social-events.js';

/** What one may follow or mute: a creator is a user holding the creator role; a column, a published content of kind column. Null when there is none. */
export async function findTarget(dataSource: DataSource, queries: QueryBus, type: FollowTargetType, id: string): Promise<FollowTarget | null> {
  if (type === 'column') {
    const [column]: { creator_id: string }[] = await dataSource.query(`SELECT creator_id FROM social_contents WHERE content_id = $1 AND kind = 'column'`, [id]);
    return column ? { type, id, ownerId: column.creator_id } : null;
  }
  const profile = await queries.execute(new GetUserProfile(id)).catch((error: unknown) => {
    if (error instanceof DomainError && error.kind === 'not_found') return null;
    throw error;
  });
  return profile?.roles.includes('creator') ? { type, id, ownerId: id } : null;
}
