import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, SEALED_PREFIX } from '#platform';

/** Which alerts the scan raised or updated, by kind. */
export type AnomalyCounts = Record<'credential-stuffing' | 'many-addresses' | 'token-reuse', number>;

/**
 * Scans the security events of the last SECURITY_ALERTS_WINDOW_SECONDS for what no single sign-in
 * shows: failed sign-ins from one address on many accounts (credential stuffing), sign-ins to one
 * account from many addresses, and refresh tokens used after they were rotated away (a stolen
 * token). Each finding is one alert per kind, subject and day, brought up to date by every scan:
 * running it again changes nothing new.
 */
export class DetectSecurityAnomalies extends Command<AnomalyCounts> {}

@CommandHandler(DetectSecurityAnomalies)
export class DetectSecurityAnomaliesHandler implements ICommandHandler<DetectSecurityAnomalies> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(): Promise<AnomalyCounts> {
    const { windowSeconds, stuffingAccounts, accountAddresses } = this.config.securityAlerts;
    const recent = `created_at > now() - make_interval(secs => $1)`;
    // Sign-in events have no actor, so their address is in clear; one sealed with an actor's key is
    // unique every time (random IV) and would count as a new address.
    const inClear = `coalesce(metadata->>'clientIp', '') NOT LIKE '${SEALED_PREFIX}%'`;
    const stuffing = await this.raise(
      'credential-stuffing',
      `SELECT metadata->>'clientIp' AS subject, count(*)::int AS occurrences, min(created_at) AS first_seen, max(created_at) AS last_seen,
              jsonb_build_object('accounts', count(DISTINCT data->>'userId'), 'failures', count(*)) AS details
         FROM events WHERE type = 'identity.login-failed' AND ${recent} AND metadata->>'clientIp' IS NOT NULL
        GROUP BY 1 HAVING count(DISTINCT data->>'userId') >= $2`,
      [windowSeconds, stuffingAccounts],
    );
    const addresses = await this.raise(
      'many-addresses',
      `SELECT data->>'userId' AS subject, count(*)::int AS occurrences, min(created_at) AS first_seen, max(created_at) AS last_seen,
              jsonb_build_object('addresses', count(DISTINCT metadata->>'clientIp'), 'failures', count(*) FILTER (WHERE type = 'identity.login-failed')) AS details
         FROM events WHERE type IN ('identity.login-failed', 'identity.session-started') AND ${recent} AND data->>'userId' IS NOT NULL
          AND ${inClear}
        GROUP BY 1 HAVING count(DISTINCT metadata->>'clientIp') >= $2`,
      [windowSeconds, accountAddresses],
    );
    const reuse = await this.raise(
      'token-reuse',
      `SELECT s.user_id::text AS subject, count(*)::int AS occurrences, min(e.created_at) AS first_seen, max(e.created_at) AS last_seen,
              jsonb_build_object('sessions', jsonb_agg(DISTINCT e.data->>'sessionId'), 'addresses', jsonb_agg(DISTINCT e.metadata->>'clientIp')) AS details
         FROM events e JOIN identity_sessions s ON s.session_id = (e.data->>'sessionId')::uuid
        WHERE e.type = 'identity.session-revoked' AND e.data->>'reason' = 'token-reuse' AND e.${recent}
        GROUP BY 1`,
      [windowSeconds],
    );
    return { 'credential-stuffing': stuffing, 'many-addresses': addresses, 'token-reuse': reuse };
  }

  /** Upserts one alert per finding of `findings` (subject, occurrences, first/last seen, details); returns how many. */
  private async raise(kind: keyof AnomalyCounts, findings: string, params: unknown[]): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH found AS (${findings})
       INSERT INTO identity_security_alerts (kind, subject, day, first_seen, last_seen, occurrences, details)
       SELECT '${kind}', subject, current_date, first_seen, last_seen, occurrences, details FROM found
       ON CONFLICT (kind, subject, day) DO UPDATE
          SET first_seen = least(identity_security_alerts.first_seen, excluded.first_seen),
              last_seen = greatest(identity_security_alerts.last_seen, excluded.last_seen),
              occurrences = greatest(identity_security_alerts.occurrences, excluded.occurrences),
              details = excluded.details
       RETURNING id`,
      params,
    );
    return rows.length;
  }
}
