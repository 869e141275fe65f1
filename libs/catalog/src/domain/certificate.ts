import type { Decider, DomainEvent } from '#platform/domain';
import type { ProgressState } from './progress.js';

/**
 * What a certificate says, signed as it stands (Ed25519 over its canonical JSON): whoever holds a
 * copy can check it against the issuer's public key, and the key id says which key to use after
 * keys rotate.
 */
export interface CertificateStatement {
  certificateId: string;
  issuer: 'Zhiku';
  learnerId: string;
  learnerName: string;
  courseId: string;
  courseTitle: string;
  creatorName: string;
  /** ISO 8601: when the last lesson was completed. */
  completedAt: string;
  keyId: string;
}

export type CertificateIssued = DomainEvent<'catalog.certificate-issued', { learnerId: string; statement: CertificateStatement; signature: string }>;

/** Stored name and schema version; the learner's name in it is their personal data (sealed with their key). */
export const certificateEventTypes = {
  'catalog.certificate-issued': { schemaVersion: 1, personalData: { subject: 'learnerId', fields: ['statement.learnerName'] } },
} as const;

/** A course is complete when it has lessons and every one of them is completed. */
export function courseCompleted(kind: string, lessonIds: readonly string[], completedLessonIds: ReadonlySet<string>): boolean {
  return kind === 'course' && lessonIds.length > 0 && lessonIds.every((lessonId) => completedLessonIds.has(lessonId));
}

/**
 * When a certificate is due: the item is a course and the learner's progress has completed every
 * lesson it has now (a lesson completed and since removed from the course does not count, and
 * neither does one of another item).
 */
export function certificateDue(course: { kind: string; lessonIds: readonly string[] }, progress: ProgressState): boolean {
  const completed = new Set(Object.entries(progress.lessons).filter(([, lesson]) => lesson.completed).map(([lessonId]) => lessonId));
  return courseCompleted(course.kind, course.lessonIds, completed);
}

/** What the statement is made of: the learner, the course and its creator as they are named at issue, and the key that signs. */
export interface CertificateFacts {
  certificateId: string;
  learner: { id: string; name: string };
  course: { id: string; title: string; creatorName: string };
  completedAt: string;
  keyId: string;
}

/** The statement a certificate signs: the names as they were at issue (a later rename changes no signed certificate). */
export function certificateStatement({ certificateId, learner, course, completedAt, keyId }: CertificateFacts): CertificateStatement {
  return {
    certificateId,
    issuer: 'Zhiku',
    learnerId: learner.id,
    learnerName: learner.name,
    courseId: course.id,
    courseTitle: course.title,
    creatorName: course.creatorName,
    completedAt,
    keyId,
  };
}

export interface CertificateState {
  issued: boolean;
}

export interface IssueCertificate {
  type: 'Issue';
  statement: CertificateStatement;
  signature: string;
}

/** One learner's certificate of one course: `certificate-<id>`, the id a function of the pair, so it is issued once. */
export const certificateStream = (certificateId: string) => ({ streamId: `certificate-${certificateId}`, streamType: 'certificate' });

/** Issued once: a second completion (a replay, a course that grew and was completed again) issues nothing. */
export const certificateDecider: Decider<CertificateState, IssueCertificate, CertificateIssued> = {
  initialState: () => ({ issued: false }),
  evolve: () => ({ issued: true }),
  decide: ({ statement, signature }, state) =>
    state.issued ? [] : [{ type: 'catalog.certificate-issued', data: { learnerId: statement.learnerId, statement, signature } }],
};
