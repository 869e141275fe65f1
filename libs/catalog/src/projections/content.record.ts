import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContentKind, ContentStatus, DraftedLesson } from '../domain/catalog-events.js';

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
}
