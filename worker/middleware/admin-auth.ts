import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AdminIdentity } from '../../shared/api.ts';
import type { AppEnv } from '../app-env.ts';
import { authFailure, refuseThrottledClient } from '../auth/auth-throttle.ts';
import { verifyAccessToken } from '../auth/cloudflare-access.ts';
import { readSession, SESSION_SECONDS, sessionEnded, type ConsoleSession } from '../auth/console-session.ts';
import { accessConfig, adminToken } from '../config.ts';
import { ApiError } from '../errors.ts';
import { bearerToken } from './kiosk-auth.ts';

/** Compares secrets in constant time (over their digests, so their lengths do not leak either). */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((t) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(t))));
  return crypto.subtle.timingSafeEqual(x!, y!);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The console's cookie: HttpOnly, SameSite=Strict, and `__Host-` (Secure, whole site, no Domain) everywhere but on
 * the developer's own machine, where the page is plain http.
 */
const COOKIE = 'kiosk_console';
const cookiePrefix = (c: Context<AppEnv>) => (LOCAL_HOSTS.has(new URL(c.req.url).hostname) ? undefined : ('host' as const));

export function setConsoleCookie(c: Context<AppEnv>, value: string): void {
  const prefix = cookiePrefix(c);
  setCookie(c, COOKIE, value, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_SECONDS, secure: prefix === 'host', prefix });
}

export function clearConsoleCookie(c: Context<AppEnv>): void {
  const prefix = cookiePrefix(c);
  deleteCookie(c, COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/', secure: prefix === 'host', prefix });
}

/** The console session the request's cookie holds, if it is valid and was not ended by a logout. */
export async function consoleSessionOf(c: Context<AppEnv>): Promise<ConsoleSession | null> {
  const cookie = getCookie(c, COOKIE, cookiePrefix(c));
  const expected = adminToken(c.env);
  if (!cookie || !expected) return null;
  const session = await readSession(expected, cookie);
  if (!session || (await sessionEnded(c.env.DB, session.sessionId))) return null;
  return session;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser says where a request comes from (`Origin`, or `Sec-Fetch-Site` where it sends no Origin). A request that
 * changes anything on the strength of the console's cookie must come from the console's own origin: a page elsewhere
 * cannot act with it (CSRF), whatever SameSite a browser implements.
 */
export function refuseCrossOrigin(c: Context<AppEnv>): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('Origin');
  const sameOrigin = origin ? origin === new URL(c.req.url).origin : c.req.header('Sec-Fetch-Site') === 'same-origin';
  if (!sameOrigin) throw new ApiError(403, 'cross_origin_request', 'Console requests must come from the console itself');
}

/**
 * Signing in and out: refused when a browser says the request comes from another site's page (its `Origin`, or
 * `Sec-Fetch-Site`). A client that says neither is no browser page: it holds the token itself, and no other site's
 * page can make it act (scripts, `curl`, tests sign in that way).
 */
export function refuseCrossSite(c: Context<AppEnv>): void {
  const origin = c.req.header('Origin');
  const site = c.req.header('Sec-Fetch-Site');
  const crossSite = origin ? origin !== new URL(c.req.url).origin : site !== undefined && site !== 'same-origin' && site !== 'none';
  if (crossSite) throw new ApiError(403, 'cross_origin_request', 'Console requests must come from the console itself');
}

/**
 * With Cloudflare Access configured (ACCESS_TEAM_DOMAIN, ACCESS_AUD), every admin request must carry a valid Access
 * token: Access is the sign-in, and a request that reached the worker around Access (e.g. on workers.dev) is refused.
 * A forged or foreign token counts as a failed sign-in. A change asked by another site's page is refused (CSRF);
 * scripts with an Access service token say no origin, and are served.
 */
export const requireAccessWhenConfigured = createMiddleware<AppEnv>(async (c, next) => {
  refuseThrottledClient(c);
  const access = accessConfig(c.env);
  if (!access) return next();
  const token = c.req.header('Cf-Access-Jwt-Assertion');
  if (!token) throw new ApiError(401, 'access_required', 'Sign in through Cloudflare Access');
  const identity = await verifyAccessToken(access, token);
  if (!identity) throw await authFailure(c, new ApiError(401, 'access_required', 'This Cloudflare Access token is not valid: sign in again'));
  // Access signs in a browser with a cookie of its own, which another site's page could make the browser send.
  if (!SAFE_METHODS.has(c.req.method)) refuseCrossSite(c);
  c.set('admin', { via: 'access', email: identity.email, expiresAt: null });
  await next();
});

/**
 * Operator routes: signed in through Access (above), or with the admin bearer token, or with the console's cookie
 * (state changes from the console's own origin only). Wrong tokens are counted per client and throttled.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('admin')) return next();
  let token: string | null;
  try {
    token = bearerToken(c.req.header('Authorization'));
  } catch (err) {
    throw await authFailure(c, err as ApiError);
  }
  c.set('admin', token ? await tokenIdentity(c, token) : await cookieIdentity(c));
  await next();
});

async function tokenIdentity(c: Context<AppEnv>, token: string): Promise<AdminIdentity> {
  const expected = adminToken(c.env);
  if (!expected || !(await sameSecret(token, expected))) {
    throw await authFailure(c, new ApiError(401, 'unauthorized', 'This admin token is not valid'));
  }
  return { via: 'token', email: null, expiresAt: null };
}

async function cookieIdentity(c: Context<AppEnv>): Promise<AdminIdentity> {
  if (!getCookie(c, COOKIE, cookiePrefix(c))) throw new ApiError(401, 'unauthorized', 'An admin token is required');
  const session = await consoleSessionOf(c);
  if (!session) throw new ApiError(401, 'session_expired', 'The console sign-in has ended: sign in again');
  refuseCrossOrigin(c);
  return { via: 'cookie', email: null, expiresAt: session.expiresAt };
}
