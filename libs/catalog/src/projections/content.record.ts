import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Chapter, ContentKind, ContentStatus, DraftedLesson, LiveSchedule } from '../domain/catalog-events.js';
import type { PendingRevision } from '../domain/content.js';

/** A row of the contents read model. Written only by ContentsProjector. */
@Entity('catalog_contents')
export class ContentRecord {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'creator_id' }) creatorId: string;
  @Column('text') kind: ContentKind;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('integer', { name: 'price_cents' }) priceCents: number;
  @Column('char', { length: 3 }) currency: string;
  @Column('text', { array: true }) tags: string[];
  @Column('jsonb') lessons: DraftedLesson[];
  @Column('text') status: ContentStatus;
  @Column('uuid', { name: 'category_id', nullable: true }) categoryId: string | null;
  @Column('text', { name: 'rejection_reason', nullable: true }) rejectionReason: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('jsonb', { nullable: true }) chapters: Chapter[] | null;
  @Column('jsonb', { nullable: true }) live: LiveSchedule | null;
  /** The live revision's number (1 until a revision is approved). */
  @Column('integer') revision: number;
  /** A revision of the published item waiting for, or refused by, moderation (creator and staff only). */
  @Column('jsonb', { nullable: true }) pending: Omit<PendingRevision, 'status'> | null;
  @Column('text', { name: 'revision_status', nullable: true }) revisionStatus: PendingRevision['status'] | null;
  @Column('text', { name: 'revision_rejection_reason', nullable: true }) revisionRejectionReason: string | null;
  @Column('timestamptz', { name: 'revised_at', nullable: true }) revisedAt: Date | null;
  /** Why a moderator hid it (status `hidden`): shown to its creator and staff. */
  @Column('text', { name: 'hidden_reason', nullable: true }) hiddenReason: string | null;
}
