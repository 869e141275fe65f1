import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../http/problem-details.dto.js';

export const ROUTE_ACCESS = 'zhiku:route-access';

/** What a route declares about who may call it. A route that declares nothing is denied. */
export type RouteAccess =
  | { readonly kind: 'public'; readonly reason: string }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'policy'; readonly action: string; readonly subject: string };

const unauthorized = ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token', type: ProblemDetailsDto });

/** Anyone may call it; `reason` says why that is safe (shown in the route-policy snapshot). */
export const Public = (reason: string) =>
  applyDecorators(SetMetadata(ROUTE_ACCESS, { kind: 'public', reason } satisfies RouteAccess), ApiSecurity({}));

/** Any signed-in user; the handler scopes the data to the caller. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'authenticated' } satisfies RouteAccess),
    ApiBearerAuth(),
    unauthorized,
  );

/** The caller's ability must allow `action` on some `subject`; the handler re-checks the record. */
export const Policy = (action: string, subject: string) =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'policy', action, subject } satisfies RouteAccess),
    ApiBearerAuth(),
    unauthorized,
    ApiForbiddenResponse({ description: `Requires permission to ${action} ${subject}`, type: ProblemDetailsDto }),
  );
