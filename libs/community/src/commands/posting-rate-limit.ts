import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PerMinuteCounter } from '#platform';
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
    const verdict = await this.counter.take([{ key: `community:posts:${userId}`, limit: this.config.community.postsPerMinute }]).catch(() => {
      throw CommunityErrors.busy();
    });
    if (!verdict.allowed) throw CommunityErrors.rateLimited(verdict.retryAfterSeconds);
  }
}
