import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import type { UserEvent } from '../domain/identity-events.js';

/** Keeps identity_external_identities (which provider account signs in to which account) in step, in the append's transaction. */
@Injectable()
@InlineProjection()
export class ExternalIdentitiesProjector implements InlineProjector {
  readonly eventTypes = ['identity.external-identity-linked', 'identity.external-identity-unlinked', 'identity.account-erased'] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<UserEvent>[]) {
      switch (event.type) {
        case 'identity.external-identity-linked': {
          const { userId, provider, issuer, subject } = event.data;
          const inserted: unknown[] = await manager.query(
            `INSERT INTO identity_external_identities (issuer, subject, user_id, provider, linked_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (issuer, subject) DO NOTHING RETURNING issuer`,
            [issuer, subject, userId, provider, event.createdAt],
          );
          // Enforced here, as the unique email is: of two accounts linking one provider account, one wins.
          if (inserted.length === 0) throw IdentityErrors.externalIdentityTaken();
          break;
        }
        case 'identity.external-identity-unlinked':
          await manager.query(`DELETE FROM identity_external_identities WHERE issuer = $1 AND subject = $2 AND user_id = $3`, [
            event.data.issuer,
            event.data.subject,
            event.data.userId,
          ]);
          break;
        case 'identity.account-erased':
          await manager.query(`DELETE FROM identity_external_identities WHERE user_id = $1`, [event.data.userId]);
          break;
      }
    }
  }
}
