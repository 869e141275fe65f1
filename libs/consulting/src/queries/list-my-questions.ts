import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { type QuestionPage, type QuestionRow, toQuestionView } from './question-view.js';

/** The questions the caller asked, in every state, newest first. */
export class ListMyQuestions extends Query<QuestionPage> {
  constructor(
    readonly askerId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListMyQuestions)
export class ListMyQuestionsHandler implements IQueryHandler<ListMyQuestions> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ askerId, limit, cursor }: ListMyQuestions): Promise<QuestionPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT * FROM consulting_questions
        WHERE asker_id = $1 AND ($2::timestamptz IS NULL OR (asked_at, question_id) < ($2::timestamptz, $3::uuid))
        ORDER BY asked_at DESC, question_id DESC LIMIT $4`,
      [askerId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, toQuestionView, (row) => [row.asked_at.toISOString(), row.question_id]);
  }
}
