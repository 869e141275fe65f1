import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { HttpProblem } from './http-problem.js';

/**
 * A path parameter that must be a positive whole number in decimal digits (a position, a sequence
 * number), no larger than JavaScript counts exactly; anything else is a 400 naming the parameter.
 */
@Injectable()
export class PositiveIntegerParam implements PipeTransform<string | number, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    // The global ValidationPipe may have turned the text into a number already (the parameter is typed `number`).
    const text = String(value);
    const number = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(number)) return number;
    const field = metadata.data ?? 'id';
    throw new HttpProblem(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
      { field, messages: [`${field} must be a positive integer`] },
    ]);
  }
}
