import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type MinuteBudget, PerMinuteCounter } from '#platform';
import { AnalyticsErrors } from '../domain/analytics.errors.js';

/**
 * Behaviour events per signed-in user and per client address in one-minute windows. A batch that
 * would go over either limit is refused whole and not counted: the client sends it again after
 * Retry-After. Without Redis nothing can be counted, so collection fails closed (503).
 */
@Injectable()
export class EventRateLimit {
  constructor(
    private readonly counter: PerMinuteCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(events: number, userId: string | null, clientIp: string | null): Promise<void> {
    const { eventsPerMinutePerUser, eventsPerMinutePerIp } = this.config.analytics;
    const budgets: MinuteBudget[] = [{ key: `analytics:rate:ip:${clientIp ?? 'unknown'}`, limit: eventsPerMinutePerIp }];
    if (userId) budgets.push({ key: `analytics:rate:user:${userId}`, limit: eventsPerMinutePerUser });
    const verdict = await this.counter.take(budgets, events).catch(() => {
      throw AnalyticsErrors.busy();
    });
    if (!verdict.allowed) throw AnalyticsErrors.rateLimited(verdict.retryAfterSeconds);
  }
}
