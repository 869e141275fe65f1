import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { HttpProblem } from './http-problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * A path id that must be a UUID (any version: most ids are random, some derive from a name),
 * handed on in lowercase as PostgreSQL writes it; anything else is a 400 naming the parameter.
 */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new HttpProblem(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
      { field, messages: [`${field} must be a UUID`] },
    ]);
  }
}
