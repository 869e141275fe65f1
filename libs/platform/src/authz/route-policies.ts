import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.decorator.js';

export interface RoutePolicy {
  readonly method: string;
  readonly path: string;
  readonly access: RouteAccess | null;
  /** The controller and the name of its method that serves the route (to read its other metadata). */
  readonly controller: Type;
  readonly handlerName: string;
}

const join = (...parts: (string | string[] | undefined)[]) =>
  `/${parts
    .map((part) => (Array.isArray(part) ? part[0] : part) ?? '')
    .join('/')
    .split('/')
    .filter(Boolean)
    .join('/')}`;

/** Every HTTP route of the app with the access it declares (null: none, so the guard denies it). */
export function collectRoutePolicies(app: INestApplicationContext): RoutePolicy[] {
  const discovery = app.get(DiscoveryService);
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RoutePolicy[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prefix = Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      routes.push({
        method: RequestMethod[method],
        path: join(prefix, path),
        access: reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [handler as never, metatype]) ?? null,
        controller: metatype as Type,
        handlerName: name,
      });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function describeAccess(access: RouteAccess | null): string {
  if (!access) return 'NONE (denied to everyone)';
  if (access.kind === 'public') return `public: ${access.reason}`;
  if (access.kind === 'optional') return `public or signed in: ${access.reason}`;
  if (access.kind === 'authenticated') return 'authenticated';
  return `policy: ${access.action} ${access.subject}`;
}
