/** An error of the HTTP edge itself (bad syntax, too large, unknown route), not of a domain. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: { field: string; messages: string[] }[],
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}
