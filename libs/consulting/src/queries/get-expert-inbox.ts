import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { type QuestionPage, type QuestionRow, toQuestionView } from './question-view.js';

/** The questions waiting for the caller's answer, oldest first: free ones as asked, paid ones once paid (never before). */
export class GetExpertInbox extends Query<QuestionPage> {
  constructor(
    readonly expertId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetExpertInbox)
export class GetExpertInboxHandler implements IQueryHandler<GetExpertInbox> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ expertId, limit, cursor }: GetExpertInbox): Promise<QuestionPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT * FROM consulting_questions
        WHERE expert_id = $1 AND status = 'open'
          AND ($2::timestamptz IS NULL OR (opened_at, question_id) > ($2::timestamptz, $3::uuid))
        ORDER BY opened_at, question_id LIMIT $4`,
      [expertId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, toQuestionView, (row) => [row.opened_at!.toISOString(), row.question_id]);
  }
}
