import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { DataSource, EntityManager } from 'typeorm';
import { FieldCipher } from '#platform';
import { PhoneCodes } from './phone-codes.js';
import { IdentityErrors } from '../domain/identity.errors.js';

export interface TotpEnrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code, a PNG data URL. */
  qrCodeDataUrl: string;
}

/** A second factor as presented: a TOTP code from the app, or one of the recovery codes. */
export interface PresentedFactor {
  readonly code?: string;
  readonly recoveryCode?: string;
  /** A code texted to the verified phone at sign-in (POST /api/v1/auth/login/mfa/sms). */
  readonly smsCode?: string;
}

const RECOVERY_CODES = 10;
/** A code from the step before or after the current one is accepted too (clock drift). */
const TOLERANCE_SECONDS = 30;

/**
 * TOTP (RFC 6238, otplib) and recovery codes. The TOTP secret is kept encrypted (FieldCipher) with
 * the last time step accepted: a code is accepted once, and never one older than the last. Recovery
 * codes are kept as SHA-256 hashes (50 random bits each) and work once.
 */
@Injectable()
export class SecondFactors {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly phoneCodes: PhoneCodes,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A new secret for the user's authenticator app, waiting for its first code (confirm). */
  async enrol(userId: string, email: string): Promise<TotpEnrolment> {
    const secret = generateSecret();
    await this.dataSource.query(
      `INSERT INTO identity_totp (user_id, secret, confirmed_at, last_time_step) VALUES ($1, $2, NULL, 0)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = NULL, last_time_step = 0, created_at = now()
         WHERE identity_totp.confirmed_at IS NULL`,
      [userId, this.cipher.encrypt(secret, `totp:${userId}`)],
    );
    const otpauthUri = generateURI({ issuer: 'Zhiku', label: email, secret });
    return { secret, otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri) };
  }

  /** Whether the factor is right (and, for TOTP, of the enrolment's state asked for); using it uses it up. */
  async check(userId: string, factor: PresentedFactor, manager: EntityManager = this.dataSource.manager, enrolment: 'confirmed' | 'pending' = 'confirmed'): Promise<boolean> {
    if (factor.code !== undefined) return this.checkTotp(userId, factor.code, manager, enrolment);
    if (factor.recoveryCode !== undefined && enrolment === 'confirmed') return this.useRecoveryCode(userId, factor.recoveryCode, manager);
    if (factor.smsCode !== undefined && enrolment === 'confirmed') return this.phoneCodes.check(userId, factor.smsCode, 'sign-in', manager);
    return false;
  }

  /** Like check, but a wrong factor is refused (401 IDENTITY.INVALID_MFA_CODE). */
  async require(userId: string, factor: PresentedFactor, manager?: EntityManager, enrolment: 'confirmed' | 'pending' = 'confirmed'): Promise<void> {
    if (!(await this.check(userId, factor, manager, enrolment))) throw IdentityErrors.invalidMfaCode();
  }

  async confirm(userId: string, tx: EntityManager): Promise<string[]> {
    await tx.query(`UPDATE identity_totp SET confirmed_at = now() WHERE user_id = $1`, [userId]);
    return this.newRecoveryCodes(userId, tx);
  }

  async newRecoveryCodes(userId: string, tx: EntityManager): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(8).readBigUInt64BE() & ((1n << 50n) - 1n);
      const text = raw.toString(32).padStart(10, '0');
      return `${text.slice(0, 5)}-${text.slice(5)}`;
    });
    await tx.query(`DELETE FROM identity_recovery_codes WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO identity_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`, [userId, codes.map(hashOf)]);
    return codes;
  }

  async remove(userId: string, tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM identity_totp WHERE user_id = $1`, [userId]);
    await tx.query(`DELETE FROM identity_recovery_codes WHERE user_id = $1`, [userId]);
  }

  private async checkTotp(userId: string, code: string, manager: EntityManager, enrolment: 'confirmed' | 'pending'): Promise<boolean> {
    const [row]: { secret: string; last_time_step: string }[] = await manager.query(
      `SELECT secret, last_time_step FROM identity_totp WHERE user_id = $1 AND (confirmed_at IS NOT NULL) = $2`,
      [userId, enrolment === 'confirmed'],
    );
    if (!row || !/^\d{6}$/.test(code)) return false;
    const secret = this.cipher.decrypt(row.secret, `totp:${userId}`);
    const result = await verify({ secret, token: code, epochTolerance: TOLERANCE_SECONDS, afterTimeStep: Number(row.last_time_step) });
    if (!result.valid) return false;
    // Compare-and-set: of two requests with one code, only one gets it.
    const [{ accepted }]: { accepted: number }[] = await manager.query(
      `WITH accepted AS (UPDATE identity_totp SET last_time_step = $2 WHERE user_id = $1 AND last_time_step < $2 RETURNING 1)
       SELECT count(*)::int AS accepted FROM accepted`,
      [userId, (result as { timeStep: number }).timeStep],
    );
    return accepted === 1;
  }

  private async useRecoveryCode(userId: string, code: string, manager: EntityManager): Promise<boolean> {
    const [{ used }]: { used: number }[] = await manager.query(
      `WITH used AS (UPDATE identity_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING 1)
       SELECT count(*)::int AS used FROM used`,
      [userId, hashOf(code.trim().toLowerCase())],
    );
    return used === 1;
  }
}

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');
