import type { Decider } from '#platform/domain';
import { ConsultingErrors } from './consulting.errors.js';
import type { Price, QuestionAsked, QuestionEvent } from './consulting-events.js';
import { textRefusal } from './question-text.js';

/**
 * asked ─┬─ (free) ──────────────────────────────► open ─► answered
 *        └─ (paid) awaiting_payment ─► paid: open ─┬─► answered
 *                          │                       └─► refunded (not answered by answerDueAt)
 *                          └─► expired (its order ended unpaid)
 */
export type QuestionStatus = 'awaiting_payment' | 'open' | 'answered' | 'refunded' | 'expired';

export type QuestionState =
  | { status: 'none' }
  | ({
      status: QuestionStatus;
      orderId: string | null;
      answerDueAt: string | null;
      answeredAt: string | null;
    } & Omit<QuestionAsked['data'], 'askedAt'>);

export type QuestionCommand =
  | {
      type: 'AskAboutItem';
      questionId: string;
      askerId: string;
      /** The item's creator, who answers. */
      creatorId: string;
      contentId: string;
      text: string;
      now: string;
      /** A fact the handler looked up: may the asker read the item (commerce's HasAccess)? */
      entitled: boolean;
    }
  | {
      type: 'AskExpert';
      questionId: string;
      askerId: string;
      expertId: string;
      text: string;
      now: string;
      /** A fact the handler looked up: the expert's price now, or null when they take no paid questions. */
      price: Price | null;
    }
  /** The question's order was paid (`answerDueAt`: the end of the expert's answer window, from the configuration). */
  | { type: 'RecordPayment'; orderId: string; paidAt: string; answerDueAt: string }
  | { type: 'Answer'; expertId: string; text: string; now: string }
  | { type: 'EditAnswer'; expertId: string; text: string; now: string; editWindowMs: number }
  /** The answer window may have passed: `now` is the caller's clock. */
  | { type: 'RefundUnanswered'; now: string }
  /** The question's order ended unpaid. */
  | { type: 'ExpireUnpaid'; orderId: string; now: string };

type AskCommand = Extract<QuestionCommand, { type: 'AskAboutItem' | 'AskExpert' }>;
type AskedState = Exclude<QuestionState, { status: 'none' }>;

function requireText(text: string): void {
  const why = textRefusal(text);
  if (why !== null) throw ConsultingErrors.textInvalid(why);
}

/** The same question again (a retry under the same Idempotency-Key) changes nothing; anything else under its id is refused. */
function isRepeat(state: AskedState, command: AskCommand): boolean {
  const expertId = command.type === 'AskAboutItem' ? command.creatorId : command.expertId;
  const contentId = command.type === 'AskAboutItem' ? command.contentId : null;
  return state.askerId === command.askerId && state.expertId === expertId && state.contentId === contentId && state.text === command.text;
}

/** Who may answer, and whether the question is in a state to be answered at all. */
function requireAnswerable(state: QuestionState, expertId: string): AskedState {
  if (state.status === 'none') throw ConsultingErrors.questionNotFound();
  if (state.expertId !== expertId) throw ConsultingErrors.notTheExpert();
  return state;
}

export const questionDecider: Decider<QuestionState, QuestionCommand, QuestionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'consulting.question-asked': {
        const { askedAt: _askedAt, ...asked } = event.data;
        return { ...asked, status: asked.price === null ? 'open' : 'awaiting_payment', orderId: null, answerDueAt: null, answeredAt: null };
      }
      case 'consulting.question-paid':
        return state.status === 'none' ? state : { ...state, status: 'open', orderId: event.data.orderId, answerDueAt: event.data.answerDueAt };
      case 'consulting.question-answered':
        return state.status === 'none' ? state : { ...state, status: 'answered', answeredAt: event.data.answeredAt };
      case 'consulting.answer-edited':
        return state;
      case 'consulting.question-refunded':
        return state.status === 'none' ? state : { ...state, status: 'refunded' };
      case 'consulting.question-expired':
        return state.status === 'none' ? state : { ...state, status: 'expired', orderId: event.data.orderId };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'AskAboutItem':
      case 'AskExpert': {
        // The question id derives from (asker, Idempotency-Key): a retry finds its question.
        if (state.status !== 'none') {
          if (isRepeat(state, command)) return [];
          throw ConsultingErrors.questionExists();
        }
        const expertId = command.type === 'AskAboutItem' ? command.creatorId : command.expertId;
        if (command.askerId === expertId) throw ConsultingErrors.cannotAskYourself();
        if (command.type === 'AskAboutItem' && !command.entitled) throw ConsultingErrors.notEntitled();
        if (command.type === 'AskExpert' && command.price === null) throw ConsultingErrors.expertNotAvailable();
        requireText(command.text);
        return [
          {
            type: 'consulting.question-asked',
            data: {
              questionId: command.questionId,
              askerId: command.askerId,
              expertId,
              contentId: command.type === 'AskAboutItem' ? command.contentId : null,
              text: command.text,
              price: command.type === 'AskExpert' ? command.price : null,
              askedAt: command.now,
            },
          },
        ];
      }
      case 'RecordPayment': {
        if (state.status === 'none') throw ConsultingErrors.questionNotFound();
        // Paid once already (a redelivered payment), or a free question: nothing to record.
        if (state.status !== 'awaiting_payment') return [];
        return [
          {
            type: 'consulting.question-paid',
            data: { questionId: state.questionId, orderId: command.orderId, paidAt: command.paidAt, answerDueAt: command.answerDueAt },
          },
        ];
      }
      case 'Answer': {
        const asked = requireAnswerable(state, command.expertId);
        switch (asked.status) {
          case 'awaiting_payment':
            throw ConsultingErrors.notPaid();
          case 'expired':
            throw ConsultingErrors.questionExpired();
          case 'refunded':
            throw ConsultingErrors.questionRefunded();
          case 'answered':
            throw ConsultingErrors.alreadyAnswered();
          case 'open':
            break;
        }
        requireText(command.text);
        return [{ type: 'consulting.question-answered', data: { questionId: asked.questionId, expertId: command.expertId, text: command.text, answeredAt: command.now } }];
      }
      case 'EditAnswer': {
        const asked = requireAnswerable(state, command.expertId);
        if (asked.status !== 'answered' || asked.answeredAt === null) throw ConsultingErrors.notAnswered();
        const closesAt = Date.parse(asked.answeredAt) + command.editWindowMs;
        if (Date.parse(command.now) > closesAt) throw ConsultingErrors.editWindowClosed(new Date(closesAt).toISOString());
        requireText(command.text);
        return [{ type: 'consulting.answer-edited', data: { questionId: asked.questionId, expertId: command.expertId, text: command.text, editedAt: command.now } }];
      }
      case 'RefundUnanswered': {
        if (state.status === 'none') throw ConsultingErrors.questionNotFound();
        // Answered (the answer won the race), refunded already, never paid, or free: nothing to refund.
        if (state.status !== 'open' || state.answerDueAt === null || state.orderId === null) return [];
        if (Date.parse(command.now) < Date.parse(state.answerDueAt)) throw ConsultingErrors.refundNotDue(state.answerDueAt);
        return [
          {
            type: 'consulting.question-refunded',
            data: { questionId: state.questionId, orderId: state.orderId, askerId: state.askerId, expertId: state.expertId, refundedAt: command.now },
          },
        ];
      }
      case 'ExpireUnpaid': {
        if (state.status === 'none') throw ConsultingErrors.questionNotFound();
        if (state.status !== 'awaiting_payment') return []; // paid (or expired already): the order's end changes nothing
        return [{ type: 'consulting.question-expired', data: { questionId: state.questionId, orderId: command.orderId, expiredAt: command.now } }];
      }
    }
  },
};
