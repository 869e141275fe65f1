import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, ApiProblem, CurrentActor, Policy, Public, UuidParam } from '#platform';
import { GetMyCertificate, GetMyCertificates, VerifyCertificate } from './certificate-queries.js';
import { CertificatePdf } from './certificate-pdf.js';
import { CertificateSigner } from './certificate-signer.js';

class CertificateStatementDto {
  @ApiProperty({ format: 'uuid' }) certificateId: string;
  @ApiProperty({ enum: ['Zhiku'] }) issuer: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() learnerName: string;
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty() creatorName: string;
  @ApiProperty({ format: 'date-time', description: 'When the last lesson was completed' }) completedAt: string;
  @ApiProperty({ description: 'Id of the Ed25519 key that signed it (GET /api/v1/certificates/keys)' }) keyId: string;
}

class CertificateDto {
  @ApiProperty({ format: 'uuid' }) certificateId: string;
  @ApiProperty({ type: CertificateStatementDto }) statement: CertificateStatementDto;
  @ApiProperty({ description: "Ed25519 signature of the statement's canonical JSON (keys sorted, no spaces), base64url" }) signature: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}

class CertificateListDto {
  @ApiProperty({ type: [CertificateDto] }) items: CertificateDto[];
}

class CertificateVerificationDto extends CertificateDto {
  @ApiProperty({ description: 'Whether a key of ours, the one the statement names, signed exactly this statement' }) valid: boolean;
}

class CertificateKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'SPKI PEM' }) publicKeyPem: string;
}

class CertificateKeysDto {
  @ApiProperty({ type: [CertificateKeyDto], description: 'The current key first, then former keys still trusted' }) keys: CertificateKeyDto[];
}

/** Course certificates: a learner's own, their PDF, and the public check anyone can make. */
@ApiTags('certificates')
@Controller('api/v1')
export class CertificatesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly pdf: CertificatePdf,
    private readonly signer: CertificateSigner,
  ) {}

  @Get('me/certificates')
  @Policy('read', 'Certificate')
  @ApiOperation({ operationId: 'listMyCertificates', summary: "The caller's course certificates, newest first" })
  @ApiOkResponse({ type: CertificateListDto })
  async mine(@CurrentActor() actor: Actor): Promise<CertificateListDto> {
    return { items: await this.queries.execute(new GetMyCertificates(actor.userId)) };
  }

  @Get('me/certificates/:certificateId/pdf')
  @Policy('read', 'Certificate')
  @ApiOperation({ operationId: 'getMyCertificatePdf', summary: 'One of the caller\'s certificates as a PDF, with the address where anyone can verify it' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblem(404, { 'CATALOG.CERTIFICATE_NOT_FOUND': "No such certificate among the caller's own" })
  async pdfOf(
    @Param('certificateId', UuidParam) certificateId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const certificate = await this.queries.execute(new GetMyCertificate(actor.userId, certificateId));
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="certificate-${certificateId}.pdf"`)
      .header('cache-control', 'private, no-store');
    return this.pdf.render(certificate);
  }

  @Get('certificates/keys')
  @Public('public keys exist to be published: anyone may check a certificate without us')
  @ApiOperation({ operationId: 'getCertificateKeys', summary: 'The Ed25519 public keys certificates are signed with, by key id' })
  @ApiOkResponse({ type: CertificateKeysDto })
  keys(): CertificateKeysDto {
    return { keys: this.signer.publicKeys() };
  }

  @Get('certificates/:certificateId/verification')
  @Public('an employer checks a certificate a learner shows them: its id is the credential, and it says only what the certificate says')
  @ApiOperation({ operationId: 'verifyCertificate', summary: 'Check a certificate: the statement as issued, and whether its signature holds' })
  @ApiOkResponse({ type: CertificateVerificationDto, description: '`valid: false` when the stored statement no longer matches its signature' })
  @ApiProblem(404, {
    'CATALOG.CERTIFICATE_NOT_FOUND': 'No certificate was issued with this id',
    'CATALOG.CERTIFICATE_HOLDER_ERASED': 'Issued, but its holder erased their account: a copy still verifies offline with the public keys',
  })
  verify(@Param('certificateId', UuidParam) certificateId: string): Promise<CertificateVerificationDto> {
    return this.queries.execute(new VerifyCertificate(certificateId));
  }
}
