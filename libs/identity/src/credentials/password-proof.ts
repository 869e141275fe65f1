import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { IdentityErrors } from '../domain/identity.errors.js';
import { Credentials } from './credentials.js';
import { LoginThrottle } from './login-throttle.js';
import { Passwords } from './passwords.js';

/**
 * A signed-in user proves their current password before a sensitive change (a new password, a new
 * email, erasing the account). Throttled like a sign-in: a stolen access token must not become a
 * way to guess it.
 */
@Injectable()
export class PasswordProof {
  constructor(
    private readonly passwords: Passwords,
    private readonly credentials: Credentials,
    private readonly throttle: LoginThrottle,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Returns the account's email; IDENTITY.WRONG_PASSWORD (counted as a failed sign-in) if the password is not its own. */
  async prove(userId: string, password: string, clientIp: string | null): Promise<{ email: string }> {
    const [user]: { email: string }[] = await this.dataSource.query(`SELECT email FROM identity_users WHERE id = $1`, [userId]);
    if (!user) throw IdentityErrors.userNotFound();
    const reservation = await this.throttle.reserve(user.email, clientIp);
    const hash = await this.credentials.passwordHashOf(userId);
    if (!(await this.passwords.check(hash, password)).matches) {
      await reservation.failed();
      throw IdentityErrors.wrongCurrentPassword();
    }
    await reservation.succeeded();
    return { email: user.email };
  }
}
