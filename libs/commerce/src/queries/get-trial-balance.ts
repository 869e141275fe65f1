import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface TrialBalance {
  accounts: { account: string; currency: string; balanceCents: number }[];
  totalCents: number;
  unbalancedTransactions: string[];
  balanced: boolean;
}

/** Every account's balance; the ledger is sound when every transaction and the total sum to zero. */
export class GetTrialBalance extends Query<TrialBalance> {}

@QueryHandler(GetTrialBalance)
export class GetTrialBalanceHandler implements IQueryHandler<GetTrialBalance> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(): Promise<TrialBalance> {
    const accounts: { account: string; currency: string; balance: string }[] = await this.dataSource.query(
      `SELECT account, currency, sum(amount_cents) AS balance FROM commerce_ledger_lines GROUP BY account, currency ORDER BY account, currency`,
    );
    const unbalanced: { transaction_id: string }[] = await this.dataSource.query(
      `SELECT transaction_id FROM commerce_ledger_lines GROUP BY transaction_id HAVING sum(amount_cents) <> 0 ORDER BY transaction_id`,
    );
    const totalCents = accounts.reduce((sum, row) => sum + Number(row.balance), 0);
    return {
      accounts: accounts.map((row) => ({ account: row.account, currency: row.currency.trim(), balanceCents: Number(row.balance) })),
      totalCents,
      unbalancedTransactions: unbalanced.map((row) => row.transaction_id),
      balanced: totalCents === 0 && unbalanced.length === 0,
    };
  }
}
