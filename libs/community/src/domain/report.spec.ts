import { describe, expect, it } from 'vitest';
import { deciderSpec } from '#platform/testing';
import type { ReportEvent } from './community-events.js';
import { type ReportCommand, reportDecider, reportStream } from './report.js';

const { given } = deciderSpec(reportDecider);
const report = (post: ReportCommand['post'] = { authorId: 'alice', standing: true }): ReportCommand => ({
  type: 'ReportPost',
  postKind: 'comment',
  postId: 'k1',
  reporterId: 'bob',
  reason: '广告',
  post,
});
const reported: ReportEvent = { type: 'community.post-reported', data: { postKind: 'comment', postId: 'k1', reporterId: 'bob', reason: '广告' } };

describe('report decider', () => {
  it('records a report of a standing post', () => {
    given([]).when(report()).then([reported]);
  });
  it('refuses a second report by the same user', () => {
    given([reported]).when(report()).thenRefuses('COMMUNITY.ALREADY_REPORTED', 'conflict');
  });
  it('refuses a report of one\'s own post', () => {
    given([]).when(report({ authorId: 'bob', standing: true })).thenRefuses('COMMUNITY.OWN_POST', 'invalid');
  });
  it('refuses a report of a deleted or removed post', () => {
    given([]).when(report({ authorId: 'alice', standing: false })).thenRefuses('COMMUNITY.POST_GONE', 'conflict');
  });
  it('keeps each user\'s report of each post on its own stream', () => {
    expect(reportStream('review', 'r1', 'u1')).toEqual({ streamId: 'report-review-r1-u1', streamType: 'report' });
  });
});
