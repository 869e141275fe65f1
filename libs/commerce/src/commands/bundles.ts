import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions, nameBasedUuid } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import { bundleDecider, type ListedItem } from '../domain/bundle.js';

/** Namespace of bundle ids derived from (creator, Idempotency-Key). */
const BUNDLE_ID_NAMESPACE = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';

/** A creator offers several of their own items together at one price, less than they cost one by one. */
export class CreateBundle extends Command<{ bundleId: string }> {
  constructor(
    readonly offer: { title: string; contentIds: string[]; priceCents: number; currency: string },
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreateBundle)
export class CreateBundleHandler implements ICommandHandler<CreateBundle> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ offer, idempotencyKey, context }: CreateBundle): Promise<{ bundleId: string }> {
    const creator = this.abilities.require(context.actor, 'create', 'Bundle');
    const contentIds = offer.contentIds.map((id) => id.toLowerCase());
    const rows: { content_id: string; creator_id: string; price_cents: string; currency: string }[] = await this.dataSource.query(
      `SELECT content_id, creator_id, price_cents, currency FROM commerce_products WHERE content_id = ANY($1::uuid[])`,
      [contentIds],
    );
    const listed: ListedItem[] = rows.map((row) => ({
      contentId: row.content_id,
      creatorId: row.creator_id,
      priceCents: Number(row.price_cents),
      currency: row.currency.trim(),
    }));
    // Someone else's items are refused as such, before the terms are looked at.
    for (const item of listed) this.abilities.require(creator, 'create', asSubject('Bundle', { creatorId: item.creatorId }));
    const bundleId = nameBasedUuid(BUNDLE_ID_NAMESPACE, `${creator.userId}\n${idempotencyKey}`);
    await this.decisions.execute(bundleDecider, {
      streamId: `bundle-${bundleId}`,
      streamType: 'bundle',
      context,
      command: { type: 'CreateBundle', bundleId, creatorId: creator.userId, title: offer.title, contentIds, priceCents: offer.priceCents, currency: offer.currency, listed },
    });
    return { bundleId };
  }
}

/** Stops selling a bundle; what was bought stays bought. Its creator or staff. */
export class RetireBundle extends Command<void> {
  constructor(
    readonly bundleId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RetireBundle)
export class RetireBundleHandler implements ICommandHandler<RetireBundle> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ bundleId, context }: RetireBundle): Promise<void> {
    const actor = this.abilities.require(context.actor, 'retire', 'Bundle');
    const ability = this.abilities.forActor(actor);
    await this.decisions.execute(bundleDecider, {
      streamId: `bundle-${bundleId}`,
      streamType: 'bundle',
      context,
      // Someone else's bundle does not exist, as far as this caller is told.
      authorize: (state) => {
        if (state.status === 'none' || !ability.can('retire', asSubject('Bundle', { creatorId: state.creatorId }))) throw CommerceErrors.bundleNotFound();
      },
      command: { type: 'RetireBundle' },
    });
  }
}
