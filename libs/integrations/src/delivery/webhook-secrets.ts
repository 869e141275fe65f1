import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { FieldCipher } from '#platform';

/** After a rotation the previous secret still signs deliveries this long, beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

/**
 * Each endpoint's signing secret, encrypted at rest and never in an event. Shown once, when it is
 * made; a rotation keeps the previous one signing for a day, so the integrator can switch without
 * losing deliveries (the signature header then carries two v1 entries).
 */
@Injectable()
export class WebhookSecrets {
  constructor(
    private readonly cipher: FieldCipher,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  static generate(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  async keep(manager: EntityManager, endpointId: string, secret: string, now: Date): Promise<void> {
    await manager.query(`INSERT INTO integration_webhook_secrets (endpoint_id, secret, created_at) VALUES ($1, $2, $3)`, [
      endpointId,
      this.cipher.encrypt(secret, context(endpointId)),
      now,
    ]);
  }

  async rotate(manager: EntityManager, endpointId: string, secret: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE integration_webhook_secrets
          SET previous_secret = secret, previous_valid_until = $3, secret = $2, created_at = $4
        WHERE endpoint_id = $1`,
      [endpointId, this.cipher.encrypt(secret, context(endpointId)), new Date(now.getTime() + ROTATION_OVERLAP_MS), now],
    );
  }

  async forget(manager: EntityManager, endpointId: string): Promise<void> {
    await manager.query(`DELETE FROM integration_webhook_secrets WHERE endpoint_id = $1`, [endpointId]);
  }

  /** The secrets a delivery is signed with now: the current one, and the previous one while it overlaps. */
  async signingSecrets(endpointId: string, now: Date): Promise<string[]> {
    const [row]: { secret: string; previous_secret: string | null; previous_valid_until: Date | null }[] = await this.dataSource.query(
      `SELECT secret, previous_secret, previous_valid_until FROM integration_webhook_secrets WHERE endpoint_id = $1`,
      [endpointId],
    );
    if (!row) return [];
    const secrets = [this.cipher.decrypt(row.secret, context(endpointId))];
    if (row.previous_secret && row.previous_valid_until && row.previous_valid_until > now) {
      secrets.push(this.cipher.decrypt(row.previous_secret, context(endpointId)));
    }
    return secrets;
  }
}

const context = (endpointId: string) => `integration_webhook_secrets:${endpointId}`;
