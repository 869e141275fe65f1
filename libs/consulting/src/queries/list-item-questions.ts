import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '#platform';
import { ItemAccess } from './item-access.js';
import { type QuestionPage, type QuestionRow, toQuestionView } from './question-view.js';

/**
 * An item's questions, newest first, for its creator and learners entitled to it: the answered
 * ones, and the caller's own still waiting (the creator sees every one).
 */
export class ListItemQuestions extends Query<QuestionPage> {
  constructor(
    readonly contentId: string,
    readonly viewerId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListItemQuestions)
export class ListItemQuestionsHandler implements IQueryHandler<ListItemQuestions> {
  constructor(
    private readonly access: ItemAccess,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ contentId, viewerId, limit, cursor }: ListItemQuestions): Promise<QuestionPage> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']); // a forged cursor is a 400 whoever asks
    await this.access.requireReader(contentId, viewerId);
    const rows: QuestionRow[] = await this.dataSource.query(
      `SELECT * FROM consulting_questions
        WHERE content_id = $1 AND (status = 'answered' OR asker_id = $2 OR expert_id = $2)
          AND ($3::timestamptz IS NULL OR (asked_at, question_id) < ($3::timestamptz, $4::uuid))
        ORDER BY asked_at DESC, question_id DESC LIMIT $5`,
      [contentId, viewerId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, toQuestionView, (row) => [row.asked_at.toISOString(), row.question_id]);
  }
}
