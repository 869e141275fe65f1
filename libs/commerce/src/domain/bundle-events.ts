import type { DomainEvent } from '#platform/domain';

/** A bundle (组合课): several of one creator's items sold together at one price. */
export interface BundleTerms {
  bundleId: string;
  creatorId: string;
  title: string;
  contentIds: string[];
  priceCents: number;
  currency: string;
}

export type BundleCreated = DomainEvent<'commerce.bundle-created', BundleTerms>;
/** No longer sold; orders already placed for it are paid and honoured as placed. */
export type BundleRetired = DomainEvent<'commerce.bundle-retired', { bundleId: string }>;
export type BundleEvent = BundleCreated | BundleRetired;
