import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError, apiErrorOf, type Failure } from '../errors.ts';
import { clientNetworkOf } from './client-network.ts';

const BLOCK_MS = 60_000;
const MAX_REMEMBERED_CLIENTS = 10_000;

/**
 * Clients whose wrong tokens came too fast, remembered in this isolate so that their next attempts are refused before
 * they cost anything (no object is addressed, no hash compared). The rate limiter binding counts the failures.
 */
const blockedUntil = new Map<string, number>();

/** The client a request came from, as Cloudflare saw it (an IPv6 client: its /64 network). */
export const clientOf = (c: Context<AppEnv>): string => {
  const address = c.req.header('CF-Connecting-IP');
  return address ? clientNetworkOf(address) : 'unknown-client';
};

const tooManyAttempts = (retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_attempts', 'Too many failed sign-in attempts. Please wait and try again.', {
    'Retry-After': String(retryAfterSeconds),
  });

/** Refuses a client that failed to authenticate too often recently (429 with Retry-After), at no cost. */
export function refuseThrottledClient(c: Context<AppEnv>): void {
  const until = blockedUntil.get(clientOf(c));
  if (until === undefined) return;
  if (until <= Date.now()) {
    blockedUntil.delete(clientOf(c));
    return;
  }
  throw tooManyAttempts(Math.ceil((until - Date.now()) / 1000));
}

/** Counts a wrong token against its client; the error to answer with (429 once the client is over its limit). */
export async function authFailure(c: Context<AppEnv>, error: ApiError | Failure): Promise<ApiError> {
  const client = clientOf(c);
  const { success } = await c.env.AUTH_FAILURE_LIMITER.limit({ key: client });
  if (success) return error instanceof ApiError ? error : apiErrorOf(error);
  if (blockedUntil.size >= MAX_REMEMBERED_CLIENTS) blockedUntil.clear();
  blockedUntil.set(client, Date.now() + BLOCK_MS);
  return tooManyAttempts(BLOCK_MS / 1000);
}

/** Results of kiosk-facing object calls that say the token was wrong (or named something it may not see). */
export const isAuthFailure = (failed: Failure): boolean =>
  failed.status === 401 || (failed.status === 404 && failed.code === 'session_not_found');
