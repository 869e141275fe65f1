import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, Authenticated, type CommandContext, CurrentActor, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, RequestContext, UuidParam } from '#platform';
import { SetExpertPrice } from '../commands/set-expert-price.js';
import { GetExpertInbox } from '../queries/get-expert-inbox.js';
import { GetExpertOffer } from '../queries/get-expert-offer.js';
import { ExpertOfferDto, QuestionPageDto, SetExpertPriceDto } from './consulting.dto.js';

/** Experts (and creators) price their paid questions and work their inbox; anyone signed in reads a price. */
@ApiTags('consulting')
@Controller('api/v1')
export class ExpertsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put('me/consulting/price')
  @Policy('set', 'ExpertPrice')
  @ApiOperation({ operationId: 'setExpertPrice', summary: 'Set what a paid question to the caller costs, and whether they take them now (experts and creators)' })
  @ApiOkResponse({ type: ExpertOfferDto })
  @ApiProblem(422, { 'CONSULTING.PRICE_INVALID': 'The price is out of bounds (100 to 10,000,000 fen) or the currency is no ISO code' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The price was set at the same moment by another request; retry' })
  async setPrice(@Body() body: SetExpertPriceDto, @RequestContext() context: CommandContext, @CurrentActor() actor: Actor): Promise<ExpertOfferDto> {
    await this.commands.execute(new SetExpertPrice(body.amountCents, body.currency, body.enabled, context));
    return this.queries.execute(new GetExpertOffer(actor.userId));
  }

  @Get('experts/:id/consulting')
  @Authenticated()
  @ApiOperation({ operationId: 'getExpertOffer', summary: 'What a paid question to this expert costs, and whether they take them now' })
  @ApiOkResponse({ type: ExpertOfferDto })
  @ApiProblem(404, { 'CONSULTING.EXPERT_NOT_AVAILABLE': 'This user never set a price for questions' })
  offer(@Param('id', UuidParam) expertId: string): Promise<ExpertOfferDto> {
    return this.queries.execute(new GetExpertOffer(expertId));
  }

  @Get('me/consulting/inbox')
  @Policy('answer', 'Question')
  @ApiOperation({
    operationId: 'getExpertInbox',
    summary: 'The questions waiting for the caller to answer, oldest first (paid ones only once paid)',
  })
  @ApiOkResponse({ type: QuestionPageDto })
  inbox(@Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<QuestionPageDto> {
    return this.queries.execute(new GetExpertInbox(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }
}
