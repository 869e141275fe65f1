import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { MAX_INTERESTS } from '../domain/interests.js';

/** Longest list accepted at the edge: duplicates are collapsed after, and the decider allows MAX_INTERESTS distinct ones. */
const MAX_LISTED = 100;

export class StateInterestsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: MAX_LISTED,
    example: ['6f1c2a4e-8b1d-4c1e-9a57-2f9b0d3c1e11'],
    description: `Existing category ids, at most ${MAX_INTERESTS} different ones (a repeated id counts once); the list replaces the one before, empty clears it`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_LISTED)
  @IsUUID('all', { each: true })
  categoryIds: string[];
}

export class InterestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '数据分析' }) name: string;
}

export class InterestsDto {
  @ApiProperty({ type: [InterestDto], description: 'The chosen categories that still exist, by name' })
  categories: InterestDto[];
}
