import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { analyticsRoutes } from './analytics-routes.js';

/** A creator's analytics of their own items: the caller's rules filter every figure to them. */
@ApiTags('creator')
@Controller('api/v1/creator/analytics')
export class CreatorAnalyticsController extends analyticsRoutes('creator', "the caller's items") {
  constructor(queries: QueryBus) {
    super(queries);
  }
}
