import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ type: [String], example: ['email must be an email'] }) messages: string[];
}

/** RFC 9457 problem details, the body of every error response (`application/problem+json`). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:zhiku:problem:commerce.order-not-found' }) type: string;
  @ApiProperty({ example: 'Not Found' }) title: string;
  @ApiProperty({ example: 404 }) status: number;
  @ApiProperty({ example: 'COMMERCE.ORDER_NOT_FOUND', description: 'Stable code clients may branch on' }) code: string;
  @ApiProperty({ example: 'No such order.' }) detail: string;
  @ApiProperty({ example: '/api/v1/me/orders/2f1c...' }) instance: string;
  @ApiProperty({ example: '8d0b6f7e-...' }) requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'One entry per invalid field' }) errors?: FieldErrorDto[];
}
