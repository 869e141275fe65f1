import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { Decisions, EventStore, type EventSubscriber, EventSubscription, foldEvents, nameBasedUuid, type RecordedEvent, systemContext } from '#platform';
import { GetUserProfile } from '#identity';
import { type LessonCompleted, progressDecider, type ProgressEvent } from '../domain/progress.js';
import { ContentRecord } from '../projections/content.record.js';
import { certificateDecider, certificateDue, certificateStatement, certificateStream } from '../domain/certificate.js';
import { CertificateSigner } from './certificate-signer.js';

const CERTIFICATE_NAMESPACE = '5d3c1f0e-7a2b-4c9d-8e6f-1a2b3c4d5e6f';

/** A learner's certificate of a course has one id, whatever happens: issuing it twice cannot make two. */
export const certificateIdOf = (learnerId: string, courseId: string): string => nameBasedUuid(CERTIFICATE_NAMESPACE, `${learnerId}:${courseId}`);

/**
 * The hook on completion, in the worker: after a lesson is completed, if the course has no lesson
 * left to complete, the certificate is signed and issued in the subscription's transaction (with
 * its checkpoint: exactly once). Not inline in the heartbeat's transaction: signing needs the
 * learner's and creator's names from identity, and a heartbeat holding its connection while it
 * waits for another would starve the pool under a burst. However many lessons complete at once,
 * the certificate's stream — its id a function of learner and course — makes a second issue nothing.
 */
@Injectable()
@EventSubscription()
export class CertificateIssuer implements EventSubscriber {
  readonly subscriptionName = 'certificate-issuer';
  readonly delivery = 'transactional' as const;
  readonly eventTypes = ['catalog.lesson-completed'];

  constructor(
    private readonly decisions: Decisions,
    private readonly store: EventStore,
    private readonly signer: CertificateSigner,
    private readonly queries: QueryBus,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<LessonCompleted>[]) {
      const { userId, contentId, completedAt } = event.data;
      const course = await manager.findOneBy(ContentRecord, { id: contentId });
      if (!course) continue;
      const progress = foldEvents(progressDecider, (await this.store.readStream(event.streamId, 1, manager)) as unknown as ProgressEvent[]);
      if (!certificateDue({ kind: course.kind, lessonIds: course.lessons.map((lesson) => lesson.lessonId) }, progress)) continue;

      const [learner, creator] = await Promise.all([this.queries.execute(new GetUserProfile(userId)), this.queries.execute(new GetUserProfile(course.creatorId))]);
      const statement = certificateStatement({
        certificateId: certificateIdOf(userId, contentId),
        learner: { id: userId, name: learner.displayName },
        course: { id: contentId, title: course.title, creatorName: creator.displayName },
        completedAt,
        keyId: this.signer.keyId,
      });
      await this.decisions.execute(certificateDecider, {
        ...certificateStream(statement.certificateId),
        context: systemContext(event.metadata.requestId),
        command: { type: 'Issue', statement, signature: this.signer.sign(statement) },
        manager,
      });
    }
  }
}
