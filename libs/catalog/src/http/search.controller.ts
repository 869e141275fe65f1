import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, type AppAbility, CallerAbility, type CommandContext, PublicOrSignedIn, RequestContext } from '#platform';
import { SearchContents } from '../queries/search-contents.js';
import { SuggestSearchTerms } from '../queries/suggest-search-terms.js';
import { SearchPageDto, SearchQueryDto, SuggestionsDto, SuggestionsQueryDto } from './search.dto.js';

const DEFAULT_SUGGESTIONS = 8;

@ApiTags('search')
@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @PublicOrSignedIn('searches published contents only; signed in, each hit also says whether the caller owns it')
  @ApiOperation({
    operationId: 'searchContents',
    summary: 'Search contents',
    description:
      'Full-text search that understands Chinese (jieba) and mixed queries, ranked title > tags > summary > lesson headings, ' +
      'with typos and partial words matched by trigrams. Only published contents the caller may read; never a lesson body.',
  })
  @ApiOkResponse({ type: SearchPageDto })
  @ApiProblem(400, { 'CATALOG.UNKNOWN_CATEGORY_SLUG': 'No category has this slug' })
  search(@Query() query: SearchQueryDto, @RequestContext() context: CommandContext, @CallerAbility() ability: AppAbility): Promise<SearchPageDto> {
    const owned = query.owned === undefined ? undefined : query.owned === 'true';
    return this.queries.execute(new SearchContents({ ...query, owned }, ability, context.actor?.userId ?? null));
  }

  @Get('suggestions')
  @PublicOrSignedIn('suggests titles of published contents only')
  @ApiOperation({ operationId: 'suggestSearchTerms', summary: 'Suggestions as the user types', description: 'Titles whose words complete the text typed so far, best first.' })
  @ApiOkResponse({ type: SuggestionsDto })
  @ApiProblem(429, { 'CATALOG.SUGGESTIONS_RATE_LIMITED': 'Too many suggestion requests from this user or address this minute; see Retry-After' })
  @ApiProblem(503, { 'CATALOG.BUSY': 'Redis, which counts the limits, is unreachable; retry after Retry-After' })
  async suggestions(@Query() query: SuggestionsQueryDto, @RequestContext() context: CommandContext, @CallerAbility() ability: AppAbility): Promise<SuggestionsDto> {
    const suggest = new SuggestSearchTerms(query.q, ability, query.limit ?? DEFAULT_SUGGESTIONS, context.actor?.userId ?? null, context.clientIp);
    return { suggestions: await this.queries.execute(suggest) };
  }
}
