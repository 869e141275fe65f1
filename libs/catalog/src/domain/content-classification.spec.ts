import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { ContentClassified, ContentDrafted, ContentEvent } from './catalog-events.js';
import { type ContentCommand, contentDecider } from './content.js';

const contentId = '7b0f1c1e-4a39-4c8e-9d6f-0d5a8f1e2c3b';
const categoryId = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const drafted: ContentDrafted = {
  type: 'catalog.content-drafted',
  data: {
    contentId,
    creatorId: '3e2a8f4b-1c5d-4e6f-8a9b-0c1d2e3f4a5b',
    kind: 'course',
    title: 'Python数据分析实战',
    summary: 's',
    priceCents: 100,
    currency: 'CNY',
    tags: ['old'],
    lessons: [],
  },
};
const submitted: ContentEvent = { type: 'catalog.content-submitted', data: { contentId } };
const classified: ContentClassified = { type: 'catalog.content-classified', data: { contentId, categoryId, tags: ['python', '数据分析'] } };
const classify: ContentCommand = { type: 'ClassifyContent', categoryId, tags: ['python', '数据分析'] };

const { given } = deciderSpec(contentDecider);

describe('contentDecider: ClassifyContent', () => {
  it('files a draft under a category with new tags', () => given([drafted]).when(classify).then([classified]));
  it('classifies in any status (here in review): it is how it is found, not what it says', () => given([drafted, submitted]).when(classify).then([classified]));
  it('takes a content out of every category', () =>
    given([drafted]).when({ type: 'ClassifyContent', categoryId: null, tags: [] }).then([{ type: 'catalog.content-classified', data: { contentId, categoryId: null, tags: [] } }]));
  it('does not know content that was never drafted', () => given([]).when(classify).thenRefuses('CATALOG.CONTENT_NOT_FOUND', 'not_found'));

  it('folds the new tags into the listing that approval later carries', () => {
    expect(foldEvents(contentDecider, [drafted, classified])).toMatchObject({ status: 'draft', tags: ['python', '数据分析'] });
    expect(foldEvents(contentDecider, [classified])).toEqual({ status: 'none' });
  });
});
