import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_TEXT_LENGTH } from '../domain/question-text.js';

// The domain counts characters and refuses control characters; this only bounds what is read (4 UTF-16 units per character at most).
const TEXT = { maxLength: MAX_TEXT_LENGTH, description: `1 to ${MAX_TEXT_LENGTH} characters (emoji count once); no control characters but tab and line breaks` };

export class AskQuestionDto {
  @ApiProperty({ ...TEXT, example: '第三课的反向传播推导中,为什么要对权重求偏导?' })
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH * 4)
  text: string;
}

export class AnswerDto {
  @ApiProperty({ ...TEXT, example: '因为损失函数对权重的梯度告诉我们每个权重该往哪个方向调整。' })
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH * 4)
  text: string;
}

export class SetExpertPriceDto {
  @ApiProperty({ minimum: 100, maximum: 10_000_000, example: 4900, description: 'What one paid question costs, in the minor unit (fen)' })
  @IsInt()
  amountCents: number;

  @ApiProperty({ example: 'CNY', pattern: '^[A-Z]{3}$' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency: string;

  @ApiProperty({ description: 'False: take no paid questions for now (questions paid already stay in the inbox)' })
  @IsBoolean()
  enabled: boolean;
}

export class ExpertOfferDto {
  @ApiProperty({ format: 'uuid' }) expertId: string;
  @ApiProperty({ example: 4900 }) amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ description: 'False: the expert takes no paid questions now' }) enabled: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PriceDto {
  @ApiProperty({ example: 4900 }) amountCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
}

export class AnswerViewDto {
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt: string | null;
}

export class QuestionRefundDto {
  @ApiProperty({ format: 'uuid', description: "Commerce's refund of the question's order (see GET /api/v1/me/refunds)" }) refundId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the provider confirmed the money was back' })
  refundedAt: string | null;
}

export class QuestionDto {
  @ApiProperty({ format: 'uuid' }) questionId: string;
  @ApiProperty({ format: 'uuid' }) askerId: string;
  @ApiProperty({ format: 'uuid', description: 'Who answers: the expert asked, or the creator of the item asked about' }) expertId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The item asked about; null for a paid question to an expert' })
  contentId: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ type: PriceDto, nullable: true, description: 'What a paid question cost; null for a free one' }) price: PriceDto | null;
  @ApiProperty({
    enum: ['awaiting_payment', 'open', 'answered', 'refunded', 'expired'],
    description: 'awaiting_payment: its order is not paid yet; open: waiting for the answer; refunded: not answered in time, the money goes back; expired: never paid',
  })
  status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The order that pays for a paid question: pay it as any order' })
  orderId: string | null;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "When it reached the expert's inbox" }) openedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'A paid question not answered by then is refunded' })
  answerDueAt: string | null;
  @ApiProperty({ type: AnswerViewDto, nullable: true }) answer: AnswerViewDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was refunded or expired' }) closedAt: string | null;
  @ApiProperty({ type: QuestionRefundDto, nullable: true }) refund: QuestionRefundDto | null;
}

export class QuestionPageDto {
  @ApiProperty({ type: [QuestionDto] }) items: QuestionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
