import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, HttpProblem } from './http-problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Bad input never reaches a handler: unknown fields, wrong types and bad values are a 400 listing
 * each field (the first MAX_FIELD_ERRORS of them).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      HttpProblem.forFields(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', flatten(errors)),
  });
}
