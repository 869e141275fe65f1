import type { Decider } from '#platform/domain';
import { CatalogErrors } from './catalog.errors.js';
import type { ContentEvent, ContentListing, ContentStatus, DraftedLesson } from './catalog-events.js';

export type ContentState = { status: 'none' } | ({ status: ContentStatus } & ContentListing);

export type ContentCommand =
  | ({ type: 'DraftContent'; lessons: DraftedLesson[] } & ContentListing)
  | { type: 'SubmitContent' }
  | { type: 'ApproveContent'; moderatorId: string; publishedAt: string }
  | { type: 'RejectContent'; moderatorId: string; reason: string }
  | { type: 'ClassifyContent'; categoryId: string | null; tags: string[] };

/** draft → in_review → published, or → rejected → (edit and) in_review again. */
export const contentDecider: Decider<ContentState, ContentCommand, ContentEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.content-drafted': {
        const { contentId, creatorId, kind, title, summary, priceCents, currency, tags } = event.data;
        return { status: 'draft', contentId, creatorId, kind, title, summary, priceCents, currency, tags };
      }
      case 'catalog.content-submitted':
        return state.status === 'none' ? state : { ...state, status: 'in_review' };
      case 'catalog.content-approved':
        return state.status === 'none' ? state : { ...state, status: 'published' };
      case 'catalog.content-rejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected' };
      case 'catalog.content-classified':
        return state.status === 'none' ? state : { ...state, tags: event.data.tags };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'DraftContent': {
        if (state.status !== 'none') throw CatalogErrors.contentAlreadyExists();
        const { contentId, creatorId, kind, title, summary, priceCents, currency, tags, lessons } = command;
        return [
          {
            type: 'catalog.content-drafted',
            data: { contentId, creatorId, kind, title, summary, priceCents, currency, tags, lessons },
          },
        ];
      }
      case 'SubmitContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status !== 'draft' && state.status !== 'rejected') throw CatalogErrors.notSubmittable(state.status);
        return [{ type: 'catalog.content-submitted', data: { contentId: state.contentId } }];
      }
      case 'ApproveContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status !== 'in_review') throw CatalogErrors.notInReview(state.status);
        const { contentId, creatorId, kind, title, summary, priceCents, currency, tags } = state;
        return [
          {
            type: 'catalog.content-approved',
            data: {
              contentId,
              moderatorId: command.moderatorId,
              creatorId,
              kind,
              title,
              summary,
              priceCents,
              currency,
              tags,
              publishedAt: command.publishedAt,
            },
          },
        ];
      }
      case 'RejectContent': {
        if (state.status === 'none') throw CatalogErrors.contentNotFound();
        if (state.status !== 'in_review') throw CatalogErrors.notInReview(state.status);
        return [
          {
            type: 'catalog.content-rejected',
            data: { contentId: state.contentId, moderatorId: command.moderatorId, reason: command.reason },
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
