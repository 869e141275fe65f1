import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CertificateStatement } from '../domain/certificate.js';
import { CertificateErrors } from '../domain/certificate.errors.js';
import { CertificateSigner } from './certificate-signer.js';

export interface CertificateView {
  certificateId: string;
  statement: CertificateStatement;
  /** Ed25519 over the statement's canonical JSON, base64url. */
  signature: string;
  issuedAt: string;
}

export interface CertificateVerification extends CertificateView {
  /** Whether a trusted key, the one the statement names, signed exactly this statement. */
  valid: boolean;
}

interface CertificateRow {
  id: string;
  statement: CertificateStatement;
  signature: string;
  issued_at: Date;
}

const toView = (row: CertificateRow): CertificateView => ({ certificateId: row.id, statement: row.statement, signature: row.signature, issuedAt: row.issued_at.toISOString() });

/** The caller's certificates, newest first. */
export class GetMyCertificates extends Query<CertificateView[]> {
  constructor(readonly learnerId: string) {
    super();
  }
}

/** One certificate of the caller's (for its PDF); another learner's is as unknown as a missing one. */
export class GetMyCertificate extends Query<CertificateView> {
  constructor(
    readonly learnerId: string,
    readonly certificateId: string,
  ) {
    super();
  }
}

/** Anyone may check a certificate by its id: the statement as issued, and whether its signature holds. */
export class VerifyCertificate extends Query<CertificateVerification> {
  constructor(readonly certificateId: string) {
    super();
  }
}

@QueryHandler(GetMyCertificates)
export class GetMyCertificatesHandler implements IQueryHandler<GetMyCertificates> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ learnerId }: GetMyCertificates): Promise<CertificateView[]> {
    const rows: CertificateRow[] = await this.dataSource.query(
      `SELECT id, statement, signature, issued_at FROM catalog_certificates WHERE learner_id = $1 ORDER BY issued_at DESC, id DESC`,
      [learnerId],
    );
    return rows.map(toView);
  }
}

@QueryHandler(GetMyCertificate)
export class GetMyCertificateHandler implements IQueryHandler<GetMyCertificate> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ learnerId, certificateId }: GetMyCertificate): Promise<CertificateView> {
    const [row]: CertificateRow[] = await this.dataSource.query(
      `SELECT id, statement, signature, issued_at FROM catalog_certificates WHERE id = $1 AND learner_id = $2`,
      [certificateId, learnerId],
    );
    if (!row) throw CertificateErrors.certificateNotFound();
    return toView(row);
  }
}

@QueryHandler(VerifyCertificate)
export class VerifyCertificateHandler implements IQueryHandler<VerifyCertificate> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signer: CertificateSigner,
  ) {}

  async execute({ certificateId }: VerifyCertificate): Promise<CertificateVerification> {
    const [row]: (CertificateRow & { holder_erased_at: Date | null })[] = await this.dataSource.query(
      `SELECT id, statement, signature, issued_at, holder_erased_at FROM catalog_certificates WHERE id = $1`,
      [certificateId],
    );
    if (!row) throw CertificateErrors.certificateNotFound();
    // The statement no longer holds the name that was signed: checking it would call a genuine certificate forged.
    if (row.holder_erased_at) throw CertificateErrors.holderErased();
    // The row's id must be the one signed: a statement copied under another id does not verify.
    const valid = row.statement.certificateId === row.id && this.signer.verifies(row.statement, row.signature);
    return { ...toView(row), valid };
  }
}
