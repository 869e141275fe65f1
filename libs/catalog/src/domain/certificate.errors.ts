import { DomainError } from '#platform/domain';

export const CertificateErrors = {
  certificateNotFound: () => new DomainError('CATALOG.CERTIFICATE_NOT_FOUND', 'not_found', 'No such certificate.'),
  /** Issued, but its holder erased their account: we no longer say to whom, nor vouch for a statement we cannot show whole. */
  holderErased: () =>
    new DomainError(
      'CATALOG.CERTIFICATE_HOLDER_ERASED',
      'not_found',
      'This certificate was issued, but its holder has erased their account, so we no longer say to whom. A copy of it still verifies with the keys at /api/v1/certificates/keys.',
    ),
};
