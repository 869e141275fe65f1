export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * A problem lists at most this many fields. A body of 36,000 unknown keys once got a 3–5 MB answer
 * naming each one; twenty are plenty to fix a form, and the detail says how many more there were.
 */
export const MAX_FIELD_ERRORS = 20;
/** Field paths and messages are clipped too: a 500 KB key must not come back, twice, in the answer. */
const MAX_FIELD_CHARS = 200;
const MAX_MESSAGE_CHARS = 300;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** An error of the HTTP edge itself (bad syntax, too large, unknown route), not of a domain. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'HttpProblem';
  }

  /** A problem naming the fields at fault, bounded in size however many there are. */
  static forFields(status: number, code: string, detail: string, errors: FieldError[]): HttpProblem {
    const listed = errors.slice(0, MAX_FIELD_ERRORS).map(({ field, messages }) => ({
      field: clip(field, MAX_FIELD_CHARS),
      messages: messages.slice(0, MAX_FIELD_ERRORS).map((message) => clip(message, MAX_MESSAGE_CHARS)),
    }));
    const omitted = errors.length - listed.length;
    const fullDetail = omitted > 0 ? `${detail} The first ${listed.length} of ${errors.length} are listed.` : detail;
    return new HttpProblem(status, code, fullDetail, listed);
  }
}
