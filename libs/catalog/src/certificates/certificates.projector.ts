import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { CertificateIssued } from '../domain/certificate.js';

/** catalog_certificates: each issued certificate, as signed, in the transaction that issued it. */
@Injectable()
@InlineProjection()
export class CertificatesProjector implements InlineProjector {
  readonly eventTypes = ['catalog.certificate-issued'];

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<CertificateIssued>[]) {
      const { statement, signature } = event.data;
      await manager.query(
        `INSERT INTO catalog_certificates (id, learner_id, course_id, statement, signature, issued_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING`,
        [statement.certificateId, statement.learnerId, statement.courseId, JSON.stringify(statement), signature, event.createdAt],
      );
    }
  }
}
