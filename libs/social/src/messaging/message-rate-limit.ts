import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PerMinuteCounter } from '#platform';
import { SocialErrors } from '../domain/social.errors.js';

/**
 * Direct messages one sender may send per minute (SOCIAL_MESSAGES_PER_MINUTE). Taken before anything
 * else is checked, so a message refused for another reason counts too: probing who may be messaged
 * costs the same as messaging. Without Redis nothing can be counted, so sending fails closed (503).
 */
@Injectable()
export class MessageRateLimit {
  constructor(
    private readonly counter: PerMinuteCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(senderId: string): Promise<void> {
    const verdict = await this.counter.take([{ key: `social:messages:${senderId}`, limit: this.config.social.messagesPerMinute }]).catch(() => {
      throw SocialErrors.busy();
    });
    if (!verdict.allowed) throw SocialErrors.rateLimited(verdict.retryAfterSeconds);
  }
}
