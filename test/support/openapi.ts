import type { OpenAPIObject } from '@nestjs/swagger';

export interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

/** Error bodies are RFC 9457 problem details, and say so (the issue: not application/json). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Each operation of the document with its route as collectRoutePolicies writes it (`GET /api/v1/contents/:id`). */
export function operationsOf(document: OpenAPIObject): { route: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({
      route: `${method.toUpperCase()} ${path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')}`,
      operation,
    })),
  );
}

/** The error responses of an operation by status, with the `code` values each may carry. */
export function errorResponses(operation: Operation): Map<number, { codes: string[] }> {
  const responses = new Map<number, { codes: string[] }>();
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400) continue;
    const schema = response.content?.[PROBLEM_MEDIA_TYPE]?.schema as
      | { allOf?: { properties?: { code?: { enum?: string[] } } }[] }
      | undefined;
    responses.set(Number(status), { codes: schema?.allOf?.[1]?.properties?.code?.enum ?? [] });
  }
  return responses;
}
