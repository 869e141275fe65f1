import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AssociationRule } from '../domain/association-rules.js';

export type StoredRule = Omit<AssociationRule, 'antecedent' | 'consequent'> & { antecedent: string[]; consequent: string[] };

/** "Frequently bought together", strongest lift first, as the last analytics refresh found them (staff only). */
export class ListAssociationRules extends Query<{ items: StoredRule[] }> {
  constructor(readonly limit: number) {
    super();
  }
}

@QueryHandler(ListAssociationRules)
export class ListAssociationRulesHandler implements IQueryHandler<ListAssociationRules> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit }: ListAssociationRules): Promise<{ items: StoredRule[] }> {
    const rows = await this.dataSource.query(
      `SELECT antecedent::text[] AS antecedent, consequent::text[] AS consequent, support, confidence, lift, baskets
         FROM analytics_association_rules ORDER BY lift DESC, confidence DESC, antecedent, consequent LIMIT $1`,
      [limit],
    );
    return { items: rows };
  }
}
