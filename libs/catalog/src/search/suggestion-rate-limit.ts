import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type MinuteBudget, PerMinuteCounter } from '#platform';
import { CatalogErrors } from '../domain/catalog.errors.js';

/**
 * Suggestion requests per client address and per signed-in user in one-minute windows: a client
 * sends one per keystroke, so this is the search route a script could hammer cheapest. A refused
 * request is not counted. Without Redis nothing is let through (503), like the other limits.
 */
@Injectable()
export class SuggestionRateLimit {
  constructor(
    private readonly counter: PerMinuteCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(userId: string | null, clientIp: string | null): Promise<void> {
    const { suggestionsPerMinutePerUser, suggestionsPerMinutePerIp } = this.config.search;
    const budgets: MinuteBudget[] = [{ key: `catalog:suggestions:ip:${clientIp ?? 'unknown'}`, limit: suggestionsPerMinutePerIp }];
    if (userId) budgets.push({ key: `catalog:suggestions:user:${userId}`, limit: suggestionsPerMinutePerUser });
    const verdict = await this.counter.take(budgets).catch(() => {
      throw CatalogErrors.busy();
    });
    if (!verdict.allowed) throw CatalogErrors.suggestionsRateLimited(verdict.retryAfterSeconds);
  }
}
