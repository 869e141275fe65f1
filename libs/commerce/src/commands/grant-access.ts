import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, Clock, type CommandContext, Decisions, DomainError, nameBasedUuid } from '#platform';
import { GetUserProfile } from '#identity';
import { staffGrantDecider } from '../domain/staff-grant.js';

/** Namespace of staff grant ids derived from (staff member, Idempotency-Key): a retried request finds its grant. */
const STAFF_GRANT_NAMESPACE = '6b1f0c2e-8d4a-4f3b-9e5c-7a2d1b0c9e8f';

/** Staff give a learner access to one item, until validTo or for good, with a reason; no money moves. */
export class GrantAccess extends Command<{ grantId: string }> {
  constructor(
    readonly userId: string,
    readonly contentId: string,
    readonly validTo: string | null,
    readonly reason: string,
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(GrantAccess)
export class GrantAccessHandler implements ICommandHandler<GrantAccess> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, contentId, validTo, reason, idempotencyKey, context }: GrantAccess): Promise<{ grantId: string }> {
    const staff = this.abilities.require(context.actor, 'grant', 'AccessGrant');
    const grantId = nameBasedUuid(STAFF_GRANT_NAMESPACE, `${staff.userId}\n${idempotencyKey}`);
    const [product] = await this.dataSource.query(`SELECT 1 FROM commerce_products WHERE content_id = $1`, [contentId]);
    const userExists = await this.queries.execute(new GetUserProfile(userId)).then(
      () => true,
      (error: unknown) => {
        if (error instanceof DomainError && error.kind === 'not_found') return false;
        throw error;
      },
    );
    await this.decisions.execute(staffGrantDecider, {
      streamId: `staff-grant-${grantId}`,
      streamType: 'staff-grant',
      context,
      command: {
        type: 'GrantAccess',
        grantId,
        userId,
        contentId,
        validTo,
        reason,
        grantedBy: staff.userId,
        now: this.clock.now().toISOString(),
        contentExists: product !== undefined,
        userExists,
      },
    });
    return { grantId };
  }
}
