import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HttpProblem } from '#platform';
import { lineChartSvg, toCsv } from './charts.js';
import { type AnalyticsScope, windowOf } from '../queries/analytics-scope.js';
import type { AnalyticsTrend } from '../queries/get-analytics-trend.js';
import { AnalyticsTrendDto, type AnalyticsQueryDto } from './analytics.dto.js';

/** The scope a query asks for: its window, and a dimension only with its key. */
export function scopeOf(query: AnalyticsQueryDto): AnalyticsScope {
  if ((query.dimension === undefined) !== (query.key === undefined)) {
    throw HttpProblem.forFields(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
      { field: query.dimension === undefined ? 'dimension' : 'key', messages: ['dimension and key go together'] },
    ]);
  }
  return { ...windowOf(query.from, query.to), dimension: query.dimension, key: query.key };
}

/** The trend as asked: the JSON, a CSV of its points, or its SVG chart. */
export function sendTrend(trend: AnalyticsTrend, format: 'json' | 'csv' | 'svg' | undefined, reply: FastifyReply): AnalyticsTrend | string {
  if (format === 'csv') {
    void reply.header('content-type', 'text/csv; charset=utf-8');
    return toCsv(['day', trend.metric, 'movingAverage7'], trend.points.map((point) => [point.day, point.value, point.movingAverage7]));
  }
  if (format === 'svg') {
    void reply.header('content-type', 'image/svg+xml; charset=utf-8');
    const about = trend.scope.dimension ? ` (${trend.scope.dimension} ${trend.scope.key})` : '';
    return lineChartSvg(`${trend.metric} per day${about}, ${trend.scope.from} to ${trend.scope.to}`, trend.points);
  }
  return trend;
}

/** A trend route answers JSON, CSV or SVG by its `format`. */
export const ApiTrendResponse = () =>
  applyDecorators(
    ApiExtraModels(AnalyticsTrendDto),
    ApiOkResponse({
      description: 'The daily series with its 7-day moving average, week-over-week growth, weekday profile and forecast',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(AnalyticsTrendDto) } },
        'text/csv': { schema: { type: 'string', example: 'day,views,movingAverage7\r\n2026-11-20,42,39.4\r\n' } },
        'image/svg+xml': { schema: { type: 'string', description: 'A line chart of the series and its 7-day average' } },
      },
    }),
  );
