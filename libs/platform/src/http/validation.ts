import { type ArgumentMetadata, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, HttpProblem } from './http-problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Array, Object]);

const TOLERATES_UNKNOWN_FIELDS = Symbol('zhiku:tolerates-unknown-fields');

/**
 * On a body another system sends us (a payment provider's webhook): fields we do not know are
 * dropped instead of refused, because providers add fields without asking. Our own clients'
 * bodies keep refusing them.
 */
export const AcceptsUnknownFields = (): ClassDecorator => (target) => {
  Reflect.defineMetadata(TOLERATES_UNKNOWN_FIELDS, true, target);
};

const pipe = (forbidUnknownFields: boolean) =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: forbidUnknownFields,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      HttpProblem.forFields(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', flatten(errors)),
  });

/**
 * Bad input never reaches a handler: unknown fields, wrong types and bad values are a 400 listing
 * each field (the first MAX_FIELD_ERRORS of them). DTOs marked @AcceptsUnknownFields() drop
 * unknown fields instead.
 */
class ZhikuValidationPipe implements PipeTransform {
  private readonly strict = pipe(true);
  private readonly tolerant = pipe(false);

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A parameter typed as a primitive is left as sent: its own pipe (UuidParam, PositiveIntegerParam)
    // checks the text, which an implicit Number('1e3') would already have rewritten.
    if (!metadata.metatype || PRIMITIVES.has(metadata.metatype)) return Promise.resolve(value);
    const tolerant = metadata.metatype && Reflect.getMetadata(TOLERATES_UNKNOWN_FIELDS, metadata.metatype);
    return (tolerant ? this.tolerant : this.strict).transform(value, metadata);
  }
}

export function createValidationPipe(): PipeTransform {
  return new ZhikuValidationPipe();
}
