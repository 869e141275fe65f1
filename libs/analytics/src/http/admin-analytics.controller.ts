import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Policy } from '#platform';
import { ListAssociationRules } from '../queries/list-association-rules.js';
import { AssociationRulesDto, RulesQueryDto } from './analytics.dto.js';
import { analyticsRoutes } from './analytics-routes.js';

/** Staff: the same figures over every item, creator, category and platform, and the association rules. */
@ApiTags('admin: analytics')
@Controller('api/v1/admin/analytics')
export class AdminAnalyticsController extends analyticsRoutes('staff', 'any scope') {
  constructor(queries: QueryBus) {
    super(queries);
  }

  @Get('association-rules')
  @Policy('read', 'AssociationRules')
  @ApiOperation({ operationId: 'listAssociationRules', summary: 'Items frequently bought together, with support, confidence and lift' })
  @ApiOkResponse({ type: AssociationRulesDto, description: 'As the last analytics refresh found them, strongest lift first' })
  rules(@Query() query: RulesQueryDto): Promise<AssociationRulesDto> {
    return this.queries.execute(new ListAssociationRules(query.limit ?? 50));
  }
}
