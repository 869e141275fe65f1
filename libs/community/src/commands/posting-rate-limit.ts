import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type MinuteCount, PerMinuteCounter } from '#platform';
import { CommunityErrors } from '../domain/community.errors.js';

/**
 * Posts (comments, replies, edits, reviews, reports) per user per minute. Without Redis nothing is
 * let through (503): spam does not get in while the limit cannot be counted.
 */
@Injectable()
export class PostingRateLimit {
  constructor(
    private readonly counter: PerMinuteCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(userId: string): Promise<void> {
    const count: MinuteCount = await this.counter.take('community:posts', userId).catch(() => {
      throw CommunityErrors.busy();
    });
    if (count.used > this.config.community.postsPerMinute) throw CommunityErrors.rateLimited(count.retryAfterSeconds);
  }
}
