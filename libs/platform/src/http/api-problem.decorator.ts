/** Stable problem codes a response can carry, each with what it means to the caller. */
export type ProblemCodes = Readonly<Record<string, string>>;

export interface ProblemDeclaration {
  readonly status: number;
  readonly codes: ProblemCodes;
}

const ROUTE_PROBLEMS = 'zhiku:route-problems';

/**
 * Documents a refusal this route's own logic can answer (its handler, its deciders, its pipes):
 * the status and the stable codes it carries, as `application/problem+json`. What every route of
 * its kind can answer (bad input, a bad token, a policy, an Idempotency-Key, 500) is added from the
 * route's other declarations in one place, route-problems.ts; codes given here join those.
 */
export const ApiProblem =
  (status: number, codes: ProblemCodes): MethodDecorator =>
  (_target, _key, descriptor) => {
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`@ApiProblem(${status}): not an error status`);
    if (Object.keys(codes).length === 0) throw new Error(`@ApiProblem(${status}): name the codes it can carry`);
    const handler = descriptor.value as object;
    Reflect.defineMetadata(ROUTE_PROBLEMS, [...declaredProblems(handler), { status, codes }], handler);
  };

/** What @ApiProblem declared on a route handler, in declaration order. */
export function declaredProblems(handler: object): readonly ProblemDeclaration[] {
  return (Reflect.getMetadata(ROUTE_PROBLEMS, handler) as ProblemDeclaration[] | undefined) ?? [];
}
