import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, asSubject, type CommandContext, Decisions } from '#platform';
import { CommerceErrors } from '../domain/commerce.errors.js';
import type { CouponDiscount, CouponScope, CouponTerms } from '../domain/coupon-events.js';
import { couponDecider } from '../domain/coupon.js';

/** A coupon's terms as its issuer states them; who issued it, its id and its code are worked out. */
export interface CouponOffer {
  discount: CouponDiscount;
  scope: CouponScope;
  validFrom: string;
  validTo: string | null;
  totalLimit: number | null;
  perUserLimit: number | null;
}

/**
 * Issues one coupon under `code` (or a generated one), or — with `count` — a batch of single-use
 * codes (兑换码), each redeemable once. Creators issue coupons for their own items only; the
 * platform's staff for anything.
 */
export class IssueCoupons extends Command<{ batchId: string | null; coupons: { couponId: string; code: string }[] }> {
  constructor(
    readonly offer: CouponOffer,
    readonly context: CommandContext,
    readonly code: string | null = null,
    readonly count: number | null = null,
  ) {
    super();
  }
}

/** Codes people type: no 0/O or 1/I to misread. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function generatedCode(): string {
  const bytes = randomBytes(12);
  return Array.from(bytes, (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

@CommandHandler(IssueCoupons)
export class IssueCouponsHandler implements ICommandHandler<IssueCoupons> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(command: IssueCoupons): Promise<{ batchId: string | null; coupons: { couponId: string; code: string }[] }> {
    const issuer = this.abilities.require(command.context.actor, 'issue', 'Coupon');
    const platform = this.abilities.forActor(issuer).can('issue', asSubject('Coupon', { scopeOwner: 'platform' }));
    // A creator's coupon may only lower the prices of their own items.
    const scopeOwner = await this.ownerOf(command.offer.scope);
    this.abilities.require(issuer, 'issue', asSubject('Coupon', { scopeOwner: platform ? 'platform' : scopeOwner }));

    const batchId = command.count === null ? null : randomUUID();
    const codes = command.count === null ? [command.code ?? generatedCode()] : Array.from({ length: command.count }, generatedCode);
    const coupons = codes.map((code) => ({ couponId: randomUUID(), code }));
    await this.dataSource.transaction(async (tx) => {
      for (const { couponId, code } of coupons) {
        const terms: CouponTerms = {
          ...command.offer,
          couponId,
          code,
          issuedBy: { kind: platform ? 'platform' : 'creator', userId: issuer.userId },
          ...(batchId === null ? { batchId: null } : { batchId, totalLimit: 1, perUserLimit: 1 }),
        };
        await this.decisions.execute(couponDecider, {
          streamId: `coupon-${couponId}`,
          streamType: 'coupon',
          context: command.context,
          manager: tx,
          command: { type: 'IssueCoupon', ...terms },
        });
      }
    });
    return { batchId, coupons };
  }

  /** Whose items the scope covers: one creator's id, or 'mixed' (items of several, or everything). */
  private async ownerOf(scope: CouponScope): Promise<string> {
    if (scope.kind === 'creator') return scope.creatorId;
    if (scope.kind === 'global') return 'mixed';
    const owners: { creator_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT creator_id FROM commerce_products WHERE content_id = ANY($1::uuid[])`,
      [scope.contentIds],
    );
    const known: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM commerce_products WHERE content_id = ANY($1::uuid[])`,
      [scope.contentIds],
    );
    if (known[0]!.n !== new Set(scope.contentIds).size) throw CommerceErrors.notForSale(scope.contentIds);
    return owners.length === 1 ? owners[0]!.creator_id : 'mixed';
  }
}
