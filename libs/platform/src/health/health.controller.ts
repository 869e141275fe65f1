import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { Public } from '../authz/route-access.decorator.js';
import { ApiProblem } from '../http/api-problem.decorator.js';
import { HttpProblem } from '../http/http-problem.js';
import { REDIS } from '../redis/redis.module.js';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: { postgres: 'up', redis: 'up' }, required: false }) checks?: Record<string, 'up'>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  @Public('liveness probe, reveals nothing')
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Check that the api process is up' })
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @Public('readiness probe, reveals only up/down')
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Check that the api can reach PostgreSQL and Redis' })
  @ApiOkResponse({ type: HealthDto })
  @ApiProblem(503, { 'HEALTH.NOT_READY': 'PostgreSQL or Redis is unreachable; `detail` says which' })
  async ready(): Promise<HealthDto> {
    const [postgres, redis] = await Promise.allSettled([
      withTimeout(this.dataSource.query('SELECT 1')),
      withTimeout((this.redis.status === 'wait' ? this.redis.connect() : Promise.resolve()).then(() => this.redis.ping())),
    ]);
    const down = [postgres.status === 'rejected' ? 'postgres' : null, redis.status === 'rejected' ? 'redis' : null].filter(
      (name): name is string => name !== null,
    );
    if (down.length > 0) throw new HttpProblem(503, 'HEALTH.NOT_READY', `Not ready: ${down.join(', ')} unreachable.`);
    return { status: 'ok', checks: { postgres: 'up', redis: 'up' } };
  }
}
