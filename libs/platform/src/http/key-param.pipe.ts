import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { HttpProblem } from './http-problem.js';

const KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * A path identifier that is ours or a provider's (a UUID, `re_3Nx…`): letters, digits and
 * `_ . : -`, at most 200; anything else is a 400 naming the parameter.
 */
@Injectable()
export class KeyParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && KEY.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new HttpProblem(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
      { field, messages: [`${field} must be 1 to 200 letters, digits or _ . : -`] },
    ]);
  }
}
