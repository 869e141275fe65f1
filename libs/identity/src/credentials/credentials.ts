import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * identity_credentials: the password hash of each account, outside the event stream (a secret
 * must be replaceable and erasable; events are neither). Written by the commands, in the
 * transaction of the events they append.
 */
@Injectable()
export class Credentials {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async passwordHashOf(userId: string): Promise<string | null> {
    const [row]: { password_hash: string }[] = await this.dataSource.query(
      `SELECT password_hash FROM identity_credentials WHERE user_id = $1`,
      [userId],
    );
    return row?.password_hash ?? null;
  }

  async setPassword(userId: string, passwordHash: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO identity_credentials (user_id, password_hash, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
      [userId, passwordHash],
    );
  }

  /** Replaces a hash made with weaker parameters, unless the password changed meanwhile. */
  async upgrade(userId: string, oldHash: string, newHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE identity_credentials SET password_hash = $3, updated_at = now() WHERE user_id = $1 AND password_hash = $2`,
      [userId, oldHash, newHash],
    );
  }
}
