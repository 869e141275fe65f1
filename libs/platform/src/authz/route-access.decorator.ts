import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

export const ROUTE_ACCESS = 'zhiku:route-access';

/**
 * What a route declares about who may call it. A route that declares nothing is denied. The
 * problems each kind can answer (401, 403) are documented from this in one place: route-problems.ts.
 */
export type RouteAccess =
  | { readonly kind: 'public'; readonly reason: string }
  | { readonly kind: 'optional'; readonly reason: string }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'policy'; readonly action: string; readonly subject: string };

/**
 * Anyone may call it, and who they are plays no part: the Authorization header is not even read,
 * so a stale token left in a client never breaks a login, a refresh or a provider's webhook.
 * `reason` says why that is safe (shown in the route-policy snapshot).
 */
export const Public = (reason: string) =>
  applyDecorators(SetMetadata(ROUTE_ACCESS, { kind: 'public', reason } satisfies RouteAccess), ApiSecurity({}));

/**
 * Anyone may call it, and a caller who sends a bearer token is signed in and may see more (a
 * creator their drafts, staff everything). A bad token is refused with 401, never quietly
 * treated as anonymous: the client must learn its token is dead.
 */
export const PublicOrSignedIn = (reason: string) =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'optional', reason } satisfies RouteAccess),
    ApiSecurity({}),
    ApiBearerAuth(),
  );

/** Any signed-in user; the handler scopes the data to the caller. */
export const Authenticated = () =>
  applyDecorators(SetMetadata(ROUTE_ACCESS, { kind: 'authenticated' } satisfies RouteAccess), ApiBearerAuth());

/** The caller's ability must allow `action` on some `subject`; the handler re-checks the record. */
export const Policy = (action: string, subject: string) =>
  applyDecorators(SetMetadata(ROUTE_ACCESS, { kind: 'policy', action, subject } satisfies RouteAccess), ApiBearerAuth());

export const STEP_UP = 'zhiku:step-up';

/**
 * A sensitive action (a role grant): on top of its access, the caller's session must have passed
 * a second factor within STEP_UP_MAX_AGE_SECONDS (sign in with it, or POST /api/v1/auth/step-up).
 */
export const StepUp = () => SetMetadata(STEP_UP, true);

/** Back-office routes: staff reach them only from a session that passed a second factor. */
export const ADMIN_ROUTE_PREFIX = '/api/v1/admin/';
