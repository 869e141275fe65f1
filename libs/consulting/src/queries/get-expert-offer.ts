import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConsultingErrors } from '../domain/consulting.errors.js';

export interface ExpertOfferView {
  expertId: string;
  amountCents: number;
  currency: string;
  /** False: the expert takes no paid questions now. */
  enabled: boolean;
  updatedAt: string;
}

/** What a paid question to this expert costs, if they ever set a price. */
export class GetExpertOffer extends Query<ExpertOfferView> {
  constructor(readonly expertId: string) {
    super();
  }
}

@QueryHandler(GetExpertOffer)
export class GetExpertOfferHandler implements IQueryHandler<GetExpertOffer> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ expertId }: GetExpertOffer): Promise<ExpertOfferView> {
    const [row]: { amount_cents: string; currency: string; enabled: boolean; updated_at: Date }[] = await this.dataSource.query(
      `SELECT amount_cents, currency, enabled, updated_at FROM consulting_expert_prices WHERE expert_id = $1`,
      [expertId],
    );
    if (!row) throw ConsultingErrors.expertNotAvailable();
    return { expertId, amountCents: Number(row.amount_cents), currency: row.currency.trim(), enabled: row.enabled, updatedAt: row.updated_at.toISOString() };
  }
}
