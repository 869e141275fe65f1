import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { AnswerQuestionHandler } from './commands/answer-question.js';
import { AskAboutItemHandler } from './commands/ask-about-item.js';
import { AskExpertHandler } from './commands/ask-expert.js';
import { EditAnswerHandler } from './commands/edit-answer.js';
import { ExpireUnpaidQuestionHandler } from './commands/expire-unpaid-question.js';
import { RecordQuestionPaymentHandler } from './commands/record-question-payment.js';
import { RefundUnansweredQuestionHandler } from './commands/refund-unanswered-question.js';
import { SetExpertPriceHandler } from './commands/set-expert-price.js';
import { SweepUnansweredQuestionsHandler } from './commands/sweep-unanswered-questions.js';
import { consultingEventTypes } from './domain/consulting-events.js';
import { ConsultingRules } from './policies/consulting.rules.js';
import { ConsultingItemsProjector } from './projections/consulting-items.projector.js';
import { ExpertPricesProjector } from './projections/expert-prices.projector.js';
import { QuestionsProjector } from './projections/questions.projector.js';
import { ErasedAskersProjector } from './projections/erased-askers.projector.js';
import { GetExpertInboxHandler } from './queries/get-expert-inbox.js';
import { GetExpertOfferHandler } from './queries/get-expert-offer.js';
import { GetQuestionHandler } from './queries/get-question.js';
import { ItemAccess } from './queries/item-access.js';
import { ListItemQuestionsHandler } from './queries/list-item-questions.js';
import { ListMyQuestionsHandler } from './queries/list-my-questions.js';

/** The consulting core, in every process: event types, commands (the worker's too), queries, inline projections, rules. */
@Module({
  providers: [
    AskAboutItemHandler,
    AskExpertHandler,
    AnswerQuestionHandler,
    EditAnswerHandler,
    SetExpertPriceHandler,
    RecordQuestionPaymentHandler,
    ExpireUnpaidQuestionHandler,
    RefundUnansweredQuestionHandler,
    SweepUnansweredQuestionsHandler,
    GetQuestionHandler,
    ListItemQuestionsHandler,
    ListMyQuestionsHandler,
    GetExpertInboxHandler,
    GetExpertOfferHandler,
    ItemAccess,
    QuestionsProjector,
    ErasedAskersProjector,
    ExpertPricesProjector,
    ConsultingItemsProjector,
    ConsultingRules,
  ],
})
export class ConsultingModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(consultingEventTypes);
  }
}
