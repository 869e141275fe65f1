import type { Decider } from '#platform/domain';
import { CatalogErrors } from './catalog.errors.js';
import type {
  ContentEvent,
  ContentListing,
  ContentStatus,
  ContentStructure,
  DraftedLesson,
  RevisableListing,
} from './catalog-events.js';
import { checkReschedule, checkShape } from './content-shape.js';

/** A revision of a published item, while it waits for (or was refused by) moderation. */
export interface PendingRevision extends RevisableListing, ContentStructure {
  revision: number;
  status: 'draft' | 'in_review' | 'rejected';
}

export type ContentState =
  | { status: 'none' }
  | ({ status: ContentStatus } & ContentListing &
      ContentStructure & {
        /** The revision learners see (1 until a revision is approved). */
        revision: number;
        publishedAt: string | null;
        pending: PendingRevision | null;
        /** While hidden: the status a moderator's unhiding restores (an item its creator had unpublished stays unpublished). */
        hiddenFrom?: ListedOrNot;
      });

/** Where an item stood on the catalogue before a moderator hid it. */
export type ListedOrNot = 'published' | 'unpublished';

/** A lesson as a revision sends it: without an id it is new (an instalment, a replay), with one it is a lesson already there. */
export type RevisedLesson = Omit<DraftedLesson, 'lessonId'> & { lessonId?: string };

export type ContentCommand =
  | ({ type: 'DraftContent'; now: string } & ContentListing & ContentStructure)
  | ({
      type: 'ReviseContent';
      now: string;
      lessons: RevisedLesson[];
      /** Ids for the new lessons, taken in order (minted by the caller: the decider stays pure). */
      newLessonIds: string[];
    } & RevisableListing &
      Omit<ContentStructure, 'lessons'>)
  | { type: 'SubmitContent' }
  | { type: 'ApproveContent'; moderatorId: string; now: string }
  | { type: 'RejectContent'; moderatorId: string; reason: string }
  | { type: 'ClassifyContent'; categoryId: string | null; tags: string[] }
  | { type: 'UnpublishContent'; now: string }
  | { type: 'RepublishContent'; now: string }
  | { type: 'HideContent'; moderatorId: string; reason: string; now: string }
  | { type: 'UnhideContent'; moderatorId: string; reason: string; now: string };

/** A column's lessons that a revision adds (at its end: the published ones keep their places); other kinds have no instalments. */
function newInstalments(live: { kind: string; lessons: DraftedLesson[] }, revision: ContentStructure): DraftedLesson[] {
  return live.kind === 'column' ? revision.lessons.slice(live.lessons.length) : [];
}

/** Only what was given: an absent chapter list or schedule stays absent in the event. */
function structureOf({ lessons, chapters, live }: ContentStructure): ContentStructure {
  return { lessons, ...(chapters ? { chapters } : {}), ...(live ? { live } : {}) };
}

function listingOf({ title, summary, priceCents, currency, tags }: RevisableListing): RevisableListing {
  return { title, summary, priceCents, currency, tags };
}

/**
 * draft → in_review → published, or → rejected → (resubmitted) in_review again. Once published, an
 * edit is a revision with its own review while the approved one stays live: approving it makes it
 * the live one, rejecting it leaves the live one as it was. A revision keeps every published lesson
 * (buyers keep what they paid for; access is per item, so they get new lessons with no new purchase).
 */
export const contentDecider: Decider<ContentState, ContentCommand, ContentEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.content-drafted': {
        const { contentId, creatorId, kind, title, summary, priceCents, currency, tags } = event.data;
        return {
          status: 'draft',
          contentId,
          creatorId,
          kind,
          ...listingOf({ title, summary, priceCents, currency, tags }),
          ...structureOf(event.data),
          revision: 1,
          publishedAt: null,
          pending: null,
        };
      }
      case 'catalog.content-submitted':
        return state.status === 'none' ? state : { ...state, status: 'in_review' };
      case 'catalog.content-approved': {
        if (state.status === 'none') return state;
        const { pending } = state;
        if (event.data.revision !== undefined && pending) {
          const { revision: _revision, status: _status, ...replacement } = pending;
          return { ...state, chapters: undefined, live: undefined, ...replacement, revision: pending.revision, pending: null };
        }
        return { ...state, status: 'published', publishedAt: event.data.publishedAt };
      }
      case 'catalog.content-rejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected' };
      case 'catalog.revision-drafted': {
        if (state.status === 'none') return state;
        const { contentId: _contentId, revision, ...revised } = event.data;
        return { ...state, pending: { ...listingOf(revised), ...structureOf(revised), revision, status: 'draft' } };
      }
      case 'catalog.revision-submitted':
        return state.status === 'none' || !state.pending ? state : { ...state, pending: { ...state.pending, status: 'in_review' } };
      case 'catalog.revision-rejected':
        return state.status === 'none' || !state.pending ? state : { ...state, pending: { ...state.pending, status: 'rejected' } };
      case 'catalog.content-classified':
        return state.status === 'none' ? state : { ...state, tags: event.data.tags };
      case 'catalog.instalment-published':
        return state;
      case 'catalog.content-unpublished':
        return state.status === 'none' ? state : { ...state, status: 'unpublished' };
      case 'catalog.content-republished':
        return state.status === 'none' ? state : { ...state, status: 'published' };
      case 'catalog.content-hidden':
        return state.status === 'none' ? state : { ...state, status: 'hidden', hiddenFrom: state.status === 'unpublished' ? 'unpublished' : 'published' };
      case 'catalog.content-unhidden': {
        if (state.status === 'none') return state;
        const { hiddenFrom: _hiddenFrom, ...rest } = state;
        return { ...rest, status: event.data.status };
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'DraftContent': {
        if (state.status !== 'none') throw CatalogErrors.contentAlreadyExists();
        const { contentId, creatorId, kind, title, summary, priceCents, currency, tags, now } = command;
        const structure = structureOf(command);
        checkShape(kind, structure, now);
        checkReschedule(undefined, structure.live, now);
        return [
          {
            type: 'catalog.content-drafted',
            data: { contentId, creatorId, kind, ...listingOf({ title, summary, priceCents, currency, tags }), ...structure },
          },
        ];
      }
      case 'ReviseContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status !== 'published') throw CatalogErrors.notRevisable(state.status);
        if (state.pending?.status === 'in_review') throw CatalogErrors.revisionInReview();
        const lessons = reviseLessons(state, command);
        const structure = structureOf({ lessons, chapters: command.chapters, live: command.live });
        checkShape(state.kind, structure, command.now);
        checkReschedule(state.live, structure.live, command.now);
        return [
          {
            type: 'catalog.revision-drafted',
            data: { contentId: state.contentId, revision: state.revision + 1, ...listingOf(command), ...structure },
          },
        ];
      }
      case 'SubmitContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status === 'published' && state.pending && state.pending.status !== 'in_review') {
          return [{ type: 'catalog.revision-submitted', data: { contentId: state.contentId, revision: state.pending.revision } }];
        }
        if (state.status !== 'draft' && state.status !== 'rejected') throw CatalogErrors.notSubmittable(state.status);
        return [{ type: 'catalog.content-submitted', data: { contentId: state.contentId } }];
      }
      case 'ApproveContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        const { contentId, creatorId, kind } = state;
        const { moderatorId, now } = command;
        if (state.status === 'published' && state.pending?.status === 'in_review') {
          const { pending } = state;
          return [
            {
              type: 'catalog.content-approved',
              data: { contentId, moderatorId, creatorId, kind, ...listingOf(pending), publishedAt: state.publishedAt!, revision: pending.revision, revisedAt: now },
            },
            ...newInstalments(state, pending).map(
              (lesson): ContentEvent => ({
                type: 'catalog.instalment-published',
                data: { contentId, creatorId, columnTitle: pending.title, lessonId: lesson.lessonId, title: lesson.title, publishedAt: now },
              }),
            ),
          ];
        }
        if (state.status !== 'in_review') throw CatalogErrors.notInReview(state.status);
        return [{ type: 'catalog.content-approved', data: { contentId, moderatorId, creatorId, kind, ...listingOf(state), publishedAt: now } }];
      }
      case 'RejectContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        const { moderatorId, reason } = command;
        if (state.status === 'published' && state.pending?.status === 'in_review') {
          return [{ type: 'catalog.revision-rejected', data: { contentId: state.contentId, revision: state.pending.revision, moderatorId, reason } }];
        }
        if (state.status !== 'in_review') throw CatalogErrors.notInReview(state.status);
        return [{ type: 'catalog.content-rejected', data: { contentId: state.contentId, moderatorId, reason } }];
      }
      case 'UnpublishContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status === 'hidden') throw CatalogErrors.contentHidden();
        if (state.status !== 'published') throw CatalogErrors.notPublished(state.status);
        return [{ type: 'catalog.content-unpublished', data: { contentId: state.contentId, creatorId: state.creatorId, unpublishedAt: command.now } }];
      }
      case 'RepublishContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status === 'hidden') throw CatalogErrors.contentHidden();
        if (state.status !== 'unpublished') throw CatalogErrors.notUnpublished(state.status);
        const { contentId, creatorId, kind } = state;
        return [
          {
            type: 'catalog.content-republished',
            data: { contentId, creatorId, kind, ...listingOf(state), publishedAt: state.publishedAt!, republishedAt: command.now },
          },
        ];
      }
      case 'HideContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        // A draft or an item in review is not on the catalogue: rejecting it is how a moderator refuses it.
        if (state.status !== 'published' && state.status !== 'unpublished') throw CatalogErrors.notPublished(state.status);
        const { moderatorId, reason, now } = command;
        return [{ type: 'catalog.content-hidden', data: { contentId: state.contentId, creatorId: state.creatorId, moderatorId, reason, hiddenAt: now } }];
      }
      case 'UnhideContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status !== 'hidden') throw CatalogErrors.notHidden(state.status);
        const { contentId, creatorId, kind } = state;
        const { moderatorId, reason, now } = command;
        return [
          {
            type: 'catalog.content-unhidden',
            data: {
              contentId,
              creatorId,
              kind,
              ...listingOf(state),
              publishedAt: state.publishedAt!,
              // Back where it stood: an item its creator had taken off stays off until they republish it.
              status: state.hiddenFrom === 'unpublished' ? 'unpublished' : 'published',
              moderatorId,
              reason,
              unhiddenAt: now,
            },
          },
        ];
      }
      case 'ClassifyContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        return [{ type: 'catalog.content-classified', data: { contentId: state.contentId, categoryId: command.categoryId, tags: command.tags } }];
      }
    }
  },
};

/**
 * The revision's lessons with their ids: a lesson that names an id must be one the item has (live,
 * or in the revision being edited); one that does not gets the next new id. Every live lesson must
 * still be there, and a column's published instalments stay first, in their order.
 */
function reviseLessons(
  state: Extract<ContentState, { revision: number }>,
  command: Extract<ContentCommand, { type: 'ReviseContent' }>,
): DraftedLesson[] {
  const known = new Set([...state.lessons, ...(state.pending?.lessons ?? [])].map((lesson) => lesson.lessonId));
  const newIds = [...command.newLessonIds];
  const named = new Set<string>();
  const lessons = command.lessons.map(({ lessonId, ...lesson }): DraftedLesson => {
    if (lessonId !== undefined && !known.has(lessonId)) throw CatalogErrors.lessonNotFound();
    if (lessonId !== undefined && named.has(lessonId)) throw CatalogErrors.lessonTwice();
    if (lessonId !== undefined) named.add(lessonId);
    return { lessonId: lessonId ?? newIds.shift()!, ...lesson };
  });
  for (const live of state.lessons) {
    if (!lessons.some((lesson) => lesson.lessonId === live.lessonId)) throw CatalogErrors.revisionDropsLesson(live.title);
  }
  if (state.kind === 'column' && state.lessons.some((live, index) => lessons[index]!.lessonId !== live.lessonId)) {
    throw CatalogErrors.columnReordered();
  }
  return lessons;
}
