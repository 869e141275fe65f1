import { DomainError } from '#platform/domain';

export const CertificateErrors = {
  certificateNotFound: () => new DomainError('CATALOG.CERTIFICATE_NOT_FOUND', 'not_found', 'No such certificate.'),
};
