import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { ContentApproved, ContentDrafted, ContentEvent } from './catalog-events.js';
import { type ContentCommand, contentDecider } from './content.js';

const contentId = '7b0f1c1e-4a39-4c8e-9d6f-0d5a8f1e2c3b';
const creatorId = '3e2a8f4b-1c5d-4e6f-8a9b-0c1d2e3f4a5b';
const moderatorId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const listing = {
  contentId,
  creatorId,
  kind: 'course' as const,
  title: '深度学习入门',
  summary: '从零开始',
  priceCents: 9900,
  currency: 'CNY',
  tags: ['ai'],
};
const lessons = [{ lessonId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', title: '第一课', body: '正文', preview: true }];

const drafted: ContentDrafted = { type: 'catalog.content-drafted', data: { ...listing, lessons } };
const submitted: ContentEvent = { type: 'catalog.content-submitted', data: { contentId } };
const rejected: ContentEvent = { type: 'catalog.content-rejected', data: { contentId, moderatorId, reason: '标题不清楚' } };
const approved: ContentApproved = {
  type: 'catalog.content-approved',
  data: { ...listing, moderatorId, publishedAt: '2026-11-27T08:00:00.000Z' },
};

const { given } = deciderSpec(contentDecider);

const draft: ContentCommand = { type: 'DraftContent', ...listing, lessons };
const submit: ContentCommand = { type: 'SubmitContent' };
const approve: ContentCommand = { type: 'ApproveContent', moderatorId, publishedAt: '2026-11-27T08:00:00.000Z' };
const reject: ContentCommand = { type: 'RejectContent', moderatorId, reason: '标题不清楚' };

describe('contentDecider', () => {
  describe('DraftContent', () => {
    it('drafts on an empty stream', () => given([]).when(draft).then([drafted]));
    it('refuses a second draft on the same stream', () =>
      given([drafted]).when(draft).thenRefuses('CATALOG.CONTENT_EXISTS', 'conflict'));
  });

  describe('SubmitContent', () => {
    it('submits a draft', () => given([drafted]).when(submit).then([submitted]));
    it('resubmits rejected content', () => given([drafted, submitted, rejected]).when(submit).then([submitted]));
    it('refuses content already in review', () =>
      given([drafted, submitted]).when(submit).thenRefuses('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict'));
    it('refuses published content', () =>
      given([drafted, submitted, approved]).when(submit).thenRefuses('CATALOG.CONTENT_NOT_SUBMITTABLE', 'conflict'));
    it('does not know content that was never drafted', () =>
      given([]).when(submit).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
  });

  describe('ApproveContent', () => {
    it('publishes content in review with its whole listing', () =>
      given([drafted, submitted]).when(approve).then([approved]));
    it('refuses a draft that was never submitted', () =>
      given([drafted]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses content already published', () =>
      given([drafted, submitted, approved]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses rejected content until it is resubmitted', () =>
      given([drafted, submitted, rejected]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('approves after a rejection and a resubmission', () =>
      given([drafted, submitted, rejected, submitted]).when(approve).then([approved]));
    it('does not know content that was never drafted', () =>
      given([]).when(approve).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
  });

  describe('RejectContent', () => {
    it('rejects content in review with the reason', () => given([drafted, submitted]).when(reject).then([rejected]));
    it('refuses a draft', () => given([drafted]).when(reject).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('refuses published content', () =>
      given([drafted, submitted, approved]).when(reject).thenRefuses('CATALOG.CONTENT_NOT_IN_REVIEW', 'conflict'));
    it('does not know content that was never drafted', () =>
      given([]).when(reject).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));
  });

  it('folds the lifecycle into the status', () => {
    expect(foldEvents(contentDecider, [drafted]).status).toBe('draft');
    expect(foldEvents(contentDecider, [drafted, submitted]).status).toBe('in_review');
    expect(foldEvents(contentDecider, [drafted, submitted, rejected]).status).toBe('rejected');
    expect(foldEvents(contentDecider, [drafted, submitted, approved])).toMatchObject({ status: 'published', creatorId });
    // Without the draft there is nothing to move: events of another stream's history change nothing.
    for (const stray of [submitted, approved, rejected]) expect(foldEvents(contentDecider, [stray])).toEqual({ status: 'none' });
  });
});
