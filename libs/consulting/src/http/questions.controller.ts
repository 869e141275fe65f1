import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  type Actor,
  ApiProblem,
  type CommandContext,
  CurrentActor,
  DEFAULT_PAGE_SIZE,
  idempotencyKeyOf,
  Idempotent,
  PageQueryDto,
  Policy,
  RequestContext,
  UuidParam,
} from '#platform';
import { AnswerQuestion } from '../commands/answer-question.js';
import { AskAboutItem } from '../commands/ask-about-item.js';
import { AskExpert } from '../commands/ask-expert.js';
import { EditAnswer } from '../commands/edit-answer.js';
import { GetQuestion } from '../queries/get-question.js';
import { ListItemQuestions } from '../queries/list-item-questions.js';
import { ListMyQuestions } from '../queries/list-my-questions.js';
import { AnswerDto, AskQuestionDto, QuestionDto, QuestionPageDto } from './consulting.dto.js';

const TEXT_INVALID = { 'CONSULTING.TEXT_INVALID': 'The text is empty, longer than 4000 characters, or has control characters; `detail` says which' };
const NOT_FOUND = { 'CONSULTING.QUESTION_NOT_FOUND': 'No such question, or not one the caller may see' };
const CONCURRENT = { 'EVENT_STORE.VERSION_CONFLICT': 'The question changed at the same moment (its refund, another answer); reload it' };

/** Learners ask (about items they may read, or experts for a price); experts and creators answer. */
@ApiTags('consulting')
@Controller('api/v1')
export class QuestionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('contents/:id/questions')
  @Policy('ask', 'Question')
  @ApiOperation({
    operationId: 'askAboutItem',
    summary: "Ask an item's creator a question about it (free; learners entitled to the item only)",
    description: 'Answered questions are shown to everyone entitled to the item; until then only the asker and the creator see it.',
  })
  @ApiCreatedResponse({ type: QuestionDto })
  @ApiProblem(404, { 'CONSULTING.ITEM_NOT_FOUND': 'No such published item (one taken off the catalogue exists only for its holders)' })
  @ApiProblem(403, { 'CONSULTING.NOT_ENTITLED': 'The caller may not read this item (not bought, no membership covering it)' })
  @ApiProblem(422, { ...TEXT_INVALID, 'CONSULTING.CANNOT_ASK_YOURSELF': 'The caller created this item' })
  async askAboutItem(@Param('id', UuidParam) contentId: string, @Body() body: AskQuestionDto, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<QuestionDto> {
    const { questionId } = await this.commands.execute(new AskAboutItem(contentId, body.text, context));
    return this.queries.execute(new GetQuestion(questionId, actor.userId));
  }

  @Get('contents/:id/questions')
  @Policy('read', 'Question')
  @ApiOperation({
    operationId: 'listItemQuestions',
    summary: "An item's questions, newest first: the answered ones and the caller's own (its creator sees all)",
  })
  @ApiOkResponse({ type: QuestionPageDto })
  @ApiProblem(404, { 'CONSULTING.ITEM_NOT_FOUND': 'No such published item, or the caller may not read it (not bought, no membership covering it)' })
  itemQuestions(@Param('id', UuidParam) contentId: string, @Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<QuestionPageDto> {
    return this.queries.execute(new ListItemQuestions(contentId, actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('experts/:id/questions')
  @Policy('ask', 'Question')
  @Idempotent()
  @ApiOperation({
    operationId: 'askExpert',
    summary: 'Ask an expert a paid question (付费问答): recorded unpaid, with its order placed',
    description:
      "Pay the order (`orderId`) as any order; only then does the question reach the expert, who has CONSULTING_ANSWER_HOURS to answer it or it is refunded " +
      'in full automatically. An unpaid order expires with its question. A retry with the same Idempotency-Key gets the same question and order.',
  })
  @ApiCreatedResponse({ type: QuestionDto })
  @ApiProblem(404, { 'CONSULTING.EXPERT_NOT_AVAILABLE': 'The expert takes no paid questions (no price set, or turned off)' })
  @ApiProblem(403, { 'AUTH.EMAIL_UNVERIFIED': 'The asker has not verified their email address yet (as for any purchase)' })
  @ApiProblem(422, { ...TEXT_INVALID, 'CONSULTING.CANNOT_ASK_YOURSELF': 'The caller is this expert' })
  @ApiProblem(409, {
    'EVENT_STORE.VERSION_CONFLICT': 'A retry of this question ran at the same moment as an attempt that had stalled; retry with the same key',
  })
  async askExpert(
    @Param('id', UuidParam) expertId: string,
    @Body() body: AskQuestionDto,
    @RequestContext() context: CommandContext,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<QuestionDto> {
    const { questionId } = await this.commands.execute(new AskExpert(expertId, body.text, idempotencyKeyOf(request), context));
    return this.queries.execute(new GetQuestion(questionId, actor.userId));
  }

  @Get('me/questions')
  @Policy('ask', 'Question')
  @ApiOperation({ operationId: 'listMyQuestions', summary: 'The questions the caller asked, in every state, newest first' })
  @ApiOkResponse({ type: QuestionPageDto })
  myQuestions(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<QuestionPageDto> {
    return this.queries.execute(new ListMyQuestions(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get('questions/:id')
  @Policy('read', 'Question')
  @ApiOperation({ operationId: 'getQuestion', summary: "One question: the asker's and the expert's; an answered one about an item also for the item's readers" })
  @ApiOkResponse({ type: QuestionDto })
  @ApiProblem(404, NOT_FOUND)
  question(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor): Promise<QuestionDto> {
    return this.queries.execute(new GetQuestion(id, actor.userId));
  }

  @Post('questions/:id/answer')
  @HttpCode(200)
  @Policy('answer', 'Question')
  @ApiOperation({
    operationId: 'answerQuestion',
    summary: 'Answer a question asked of the caller, once (a paid one until it is refunded)',
  })
  @ApiOkResponse({ type: QuestionDto })
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(403, { 'CONSULTING.NOT_THE_EXPERT': 'The question was asked of someone else' })
  @ApiProblem(409, {
    'CONSULTING.QUESTION_NOT_PAID': 'The paid question has not been paid yet',
    'CONSULTING.QUESTION_EXPIRED': 'The paid question was never paid and has expired',
    'CONSULTING.QUESTION_REFUNDED': 'Not answered in time: the question was refunded and can no longer be answered',
    'CONSULTING.ALREADY_ANSWERED': 'It has an answer already: edit it instead',
    ...CONCURRENT,
  })
  @ApiProblem(422, TEXT_INVALID)
  async answer(@Param('id', UuidParam) id: string, @Body() body: AnswerDto, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<QuestionDto> {
    await this.commands.execute(new AnswerQuestion(id, body.text, context));
    return this.queries.execute(new GetQuestion(id, actor.userId));
  }

  @Patch('questions/:id/answer')
  @Policy('answer', 'Question')
  @ApiOperation({ operationId: 'editAnswer', summary: 'Edit the answer, within CONSULTING_ANSWER_EDIT_MINUTES of giving it' })
  @ApiOkResponse({ type: QuestionDto })
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(403, { 'CONSULTING.NOT_THE_EXPERT': 'The question was asked of someone else' })
  @ApiProblem(409, {
    'CONSULTING.NOT_ANSWERED': 'There is no answer to edit',
    'CONSULTING.EDIT_WINDOW_CLOSED': 'The answer can no longer be edited; `detail` says since when',
    ...CONCURRENT,
  })
  @ApiProblem(422, TEXT_INVALID)
  async editAnswer(@Param('id', UuidParam) id: string, @Body() body: AnswerDto, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<QuestionDto> {
    await this.commands.execute(new EditAnswer(id, body.text, context));
    return this.queries.execute(new GetQuestion(id, actor.userId));
  }
}
