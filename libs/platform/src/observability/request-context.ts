import { AsyncLocalStorage } from 'node:async_hooks';

/** The request a piece of work belongs to, readable anywhere below the HTTP hook without passing it. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

export const currentRequestId = (): string | null => requestScope.getStore()?.requestId ?? null;
