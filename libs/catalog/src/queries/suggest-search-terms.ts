import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { AppAbility } from '#platform';
import { SearchIndex } from '../search/search-index.js';
import { MAX_QUERY_CHARS, queryWords } from '../search/search-text.js';
import { SuggestionRateLimit } from '../search/suggestion-rate-limit.js';

/** Titles completing what the user is typing, best first, only of contents they may read. */
export class SuggestSearchTerms extends Query<string[]> {
  constructor(
    readonly prefix: string,
    readonly ability: AppAbility,
    readonly limit: number,
    /** Who asks, for the per-user and per-address rate limits. */
    readonly userId: string | null,
    readonly clientIp: string | null,
  ) {
    super();
  }
}

@QueryHandler(SuggestSearchTerms)
export class SuggestSearchTermsHandler implements IQueryHandler<SuggestSearchTerms> {
  constructor(
    private readonly index: SearchIndex,
    private readonly rateLimit: SuggestionRateLimit,
  ) {}

  async execute({ prefix, ability, limit, userId, clientIp }: SuggestSearchTerms): Promise<string[]> {
    await this.rateLimit.take(userId, clientIp);
    return this.index.suggest(queryWords(prefix.slice(0, MAX_QUERY_CHARS)), ability, limit);
  }
}
