import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_FIELD_ERRORS } from './http-problem.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'email', description: 'The field at fault: a body path (`lessons.0.title`), or a query or path parameter' })
  field: string;
  @ApiProperty({ type: [String], example: ['email must be an email'] }) messages: string[];
}

/**
 * RFC 9457 problem details, the body of every error response (`application/problem+json`). Each
 * response of the OpenAPI document narrows `code` to the codes that route can answer with there.
 */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:zhiku:problem:commerce.order-not-found', description: 'URN naming the kind of problem; one per code' })
  type: string;
  @ApiProperty({ example: 'Not Found', description: 'The HTTP status text' }) title: string;
  @ApiProperty({ type: 'integer', example: 404, description: 'The HTTP status, as in the response line' }) status: number;
  @ApiProperty({ example: 'COMMERCE.ORDER_NOT_FOUND', description: 'Stable code clients may branch on' }) code: string;
  @ApiProperty({ example: 'No such order.', description: 'What went wrong, for a person to read' }) detail: string;
  @ApiProperty({ example: '/api/v1/me/orders/2f1c...', description: 'The request target refused; empty when refused before routing' })
  instance: string;
  @ApiProperty({ example: '8d0b6f7e-...', description: 'The request id, also in the X-Request-Id response header' }) requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: `One entry per invalid field (the first ${MAX_FIELD_ERRORS})` }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ format: 'date-time', description: 'When what was refused for the time of day becomes possible (AUTH.OUTSIDE_STAFF_HOURS: the back office opens)' })
  opensAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When a time-released lesson (and its media) opens for the caller (CATALOG.LESSON_LOCKED)' })
  unlocksAt?: string;
}
