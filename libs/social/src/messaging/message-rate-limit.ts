import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type MinuteCount, PerMinuteCounter } from '#platform';
import { SocialErrors } from '../domain/social.errors.js';

/**
 * Direct messages one sender may send per minute (SOCIAL_MESSAGES_PER_MINUTE). Every attempt
 * counts, refused ones too: probing who may be messaged costs the same as messaging. Without Redis
 * nothing can be counted, so sending fails closed (503).
 */
@Injectable()
export class MessageRateLimit {
  constructor(
    private readonly counter: PerMinuteCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(senderId: string): Promise<void> {
    const count: MinuteCount = await this.counter.take('social:messages', senderId).catch(() => {
      throw SocialErrors.busy();
    });
    if (count.used > this.config.social.messagesPerMinute) throw SocialErrors.rateLimited(count.retryAfterSeconds);
  }
}
