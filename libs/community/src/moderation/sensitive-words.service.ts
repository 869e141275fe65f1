import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '#platform';
import { parseWordList, WordFilter, type WordMatch } from '../domain/sensitive-words.js';

/**
 * The platform's sensitive-word filter, over the list in COMMUNITY_SENSITIVE_WORDS_FILE read at
 * start (the process does not start without it). Any domain may inject it (CommunityModule exports it):
 *
 *   if (words.contains(text)) hold it for review;   words.matches(text) → the listed words found.
 */
@Injectable()
export class SensitiveWords implements OnModuleInit {
  private readonly logger = new Logger(SensitiveWords.name);
  private filter = WordFilter.of([]);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const path = resolve(this.config.community.sensitiveWordsFile);
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`COMMUNITY_SENSITIVE_WORDS_FILE: cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    this.filter = WordFilter.of(parseWordList(source));
    this.logger.log(`${this.filter.size} sensitive words loaded from ${path}`);
  }

  /** Does the text contain a listed word (however lightly disguised)? */
  contains(text: string): boolean {
    return this.filter.find(text).length > 0;
  }

  /** The listed words the text contains, each once, in the order first found. */
  matches(text: string): string[] {
    return this.filter.matches(text);
  }

  /** Every match with where it is in the text (to highlight it for a moderator). */
  find(text: string): WordMatch[] {
    return this.filter.find(text);
  }
}
