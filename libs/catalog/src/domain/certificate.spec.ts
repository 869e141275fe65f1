import { describe, expect, it } from 'vitest';
import { deciderSpec, expectRefusal } from '#platform/testing';
import {
  type CertificateIssued,
  certificateDecider,
  certificateDue,
  certificateEventTypes,
  certificateStatement,
  certificateStream,
  courseCompleted,
  type CertificateStatement,
} from './certificate.js';
import type { LessonProgress, ProgressState } from './progress.js';
import { CertificateErrors } from './certificate.errors.js';

const statement: CertificateStatement = {
  certificateId: 'cert-1',
  issuer: 'Zhiku',
  learnerId: 'u-learner',
  learnerName: '李雷',
  courseId: 'c-1',
  courseTitle: 'Python数据分析实战',
  creatorName: '王老师',
  completedAt: '2026-11-28T10:00:00.000Z',
  keyId: '0123456789abcdef',
};
const issued: CertificateIssued = { type: 'catalog.certificate-issued', data: { learnerId: 'u-learner', statement, signature: 'sig' } };
const spec = deciderSpec(certificateDecider);

describe('issuing a certificate (given/when/then)', () => {
  it('given nothing, when issued, then the signed statement is recorded for its learner', () =>
    spec.given([]).when({ type: 'Issue', statement, signature: 'sig' }).then([issued]));
  it('given issued, when issued again (a replay, a course completed again), then nothing', () =>
    spec.given([issued]).when({ type: 'Issue', statement: { ...statement, completedAt: '2026-12-01T00:00:00.000Z' }, signature: 'other' }).then([]));
  it('keeps one stream per certificate, and seals the learner name as personal data', () => {
    expect(certificateStream('cert-1')).toEqual({ streamId: 'certificate-cert-1', streamType: 'certificate' });
    expect(certificateEventTypes['catalog.certificate-issued'].personalData).toEqual({ subject: 'learnerId', fields: ['statement.learnerName'] });
  });
});

describe('when a course is complete', () => {
  it('is complete when every lesson of a course is completed', () => {
    expect(courseCompleted('course', ['a', 'b'], new Set(['a', 'b']))).toBe(true);
    expect(courseCompleted('course', ['a', 'b'], new Set(['b', 'a', 'gone']))).toBe(true);
  });
  it('is not while a lesson is left', () => expect(courseCompleted('course', ['a', 'b'], new Set(['a']))).toBe(false));
  it('is not for another kind of item, however much is completed', () => {
    for (const kind of ['article', 'column', 'audio', 'video']) expect(courseCompleted(kind, ['a'], new Set(['a']))).toBe(false);
  });
  it('is not for a course with no lessons', () => expect(courseCompleted('course', [], new Set(['a']))).toBe(false));
});

describe('when a certificate is due (given a course and the learner\'s progress)', () => {
  const lesson = (completed: boolean): LessonProgress => ({ positionSeconds: 10, watchedSeconds: 10, lastHeartbeatAt: '2026-11-28T10:00:00.000Z', completed });
  const progress = (lessons: Record<string, boolean>): ProgressState => ({
    lessons: Object.fromEntries(Object.entries(lessons).map(([id, completed]) => [id, lesson(completed)])),
  });
  const course = { kind: 'course', lessonIds: ['a', 'b'] };

  it('given every lesson of the course completed, then it is due', () => expect(certificateDue(course, progress({ a: true, b: true }))).toBe(true));
  it('given a lesson only opened or watched in part, then it is not', () => expect(certificateDue(course, progress({ a: true, b: false }))).toBe(false));
  it('given a lesson never opened, then it is not', () => expect(certificateDue(course, progress({ a: true }))).toBe(false));
  it('given a completed lesson the course no longer has, then it counts for nothing', () =>
    expect(certificateDue(course, progress({ a: true, gone: true }))).toBe(false));
  it('given an item of another kind completed in full, then none is due', () =>
    expect(certificateDue({ kind: 'column', lessonIds: ['a'] }, progress({ a: true }))).toBe(false));
  it('given a course without lessons, then none is due', () => expect(certificateDue({ kind: 'course', lessonIds: [] }, progress({}))).toBe(false));
});

describe('what the signed statement says', () => {
  it('given the learner, the course, its creator, the completion time and the key, then the statement names exactly these, issued by Zhiku', () => {
    expect(
      certificateStatement({
        certificateId: 'cert-1',
        learner: { id: 'u-learner', name: '李雷' },
        course: { id: 'c-1', title: 'Python数据分析实战', creatorName: '王老师' },
        completedAt: '2026-11-28T10:00:00.000Z',
        keyId: '0123456789abcdef',
      }),
    ).toStrictEqual(statement);
  });
});

describe('certificate refusals (codes and messages are a contract)', () => {
  it('names what is refused', () => {
    expectRefusal(CertificateErrors.certificateNotFound(), 'CATALOG.CERTIFICATE_NOT_FOUND', 'not_found', 'No such certificate.');
    expectRefusal(
      CertificateErrors.holderErased(),
      'CATALOG.CERTIFICATE_HOLDER_ERASED',
      'not_found',
      'This certificate was issued, but its holder has erased their account, so we no longer say to whom. A copy of it still verifies with the keys at /api/v1/certificates/keys.',
    );
  });
});
