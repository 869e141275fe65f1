import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '#platform';
import { ConsultingErrors } from '../domain/consulting.errors.js';
import { ItemAccess } from './item-access.js';
import { type QuestionRow, type QuestionView, toQuestionView } from './question-view.js';

/**
 * One question, for its asker and its expert; an answered question about an item also for the
 * item's readers. Anyone else is told it does not exist.
 */
export class GetQuestion extends Query<QuestionView> {
  constructor(
    readonly questionId: string,
    readonly viewerId: string,
  ) {
    super();
  }
}

@QueryHandler(GetQuestion)
export class GetQuestionHandler implements IQueryHandler<GetQuestion> {
  constructor(
    private readonly access: ItemAccess,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ questionId, viewerId }: GetQuestion): Promise<QuestionView> {
    const [row]: QuestionRow[] = await this.dataSource.query(`SELECT * FROM consulting_questions WHERE question_id = $1`, [questionId]);
    if (!row) throw ConsultingErrors.questionNotFound();
    if (row.asker_id === viewerId || row.expert_id === viewerId) return toQuestionView(row);
    if (row.content_id === null || row.status !== 'answered') throw ConsultingErrors.questionNotFound();
    try {
      await this.access.requireReader(row.content_id, viewerId);
    } catch (error) {
      if (error instanceof DomainError) throw ConsultingErrors.questionNotFound();
      throw error;
    }
    return toQuestionView(row);
  }
}
