import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AbilityFactory, type CommandContext, Decisions, nameBasedUuid, requireVerifiedEmail } from '#platform';
import { PlaceOrder } from '#commerce';
import { expertPriceDecider, priceOffered } from '../domain/expert-price.js';
import { questionDecider } from '../domain/question.js';

/** Namespace of question ids derived from (asker, Idempotency-Key). */
const QUESTION_ID_NAMESPACE = '5c2b8e41-3f6d-4a97-b1e0-8d7c6a5f4e32';

export interface AskedExpert {
  questionId: string;
  orderId: string;
}

/**
 * A learner asks an expert a paid question: it is recorded unpaid at the expert's price now, and
 * its order is placed through commerce (the buyer pays it as any order). Only once the order is
 * paid does the question reach the expert. Both ids derive from the Idempotency-Key, so a retry
 * after a crash between the two steps finds the question and places (or finds) the same order.
 */
export class AskExpert extends Command<AskedExpert> {
  constructor(
    readonly expertId: string,
    readonly text: string,
    readonly idempotencyKey: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AskExpert)
export class AskExpertHandler implements ICommandHandler<AskExpert> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly commands: CommandBus,
  ) {}

  async execute({ expertId, text, idempotencyKey, context }: AskExpert): Promise<AskedExpert> {
    const asker = this.abilities.require(context.actor, 'ask', 'Question');
    requireVerifiedEmail(asker); // as for any purchase
    const questionId = nameBasedUuid(QUESTION_ID_NAMESPACE, `${asker.userId}\n${idempotencyKey}`);
    const { state: pricing } = await this.decisions.load(expertPriceDecider, `expert-price-${expertId}`);
    await this.decisions.execute(questionDecider, {
      streamId: `question-${questionId}`,
      streamType: 'question',
      context,
      command: { type: 'AskExpert', questionId, askerId: asker.userId, expertId, text, now: new Date().toISOString(), price: priceOffered(pricing) },
    });
    const { orderId } = await this.commands.execute(new PlaceOrder([], `question:${questionId}`, context, null, null, questionId));
    return { questionId, orderId };
  }
}
