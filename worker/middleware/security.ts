import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { kioskOrigins } from '../config.ts';

/**
 * Security headers on every response. The CSP lets the page load scripts only from us and from Stripe's Terminal
 * SDK origin, and lets the SDK reach Stripe's API and every host Stripe's "Domains and IP addresses" page lists for
 * Terminal (docs.stripe.com/ips), each explained below.
 */
const TERMINAL_CONNECT_SOURCES = [
  // Stripe's API, which the SDK calls itself (connection tokens, PaymentIntents).
  'https://api.stripe.com',
  // On the Terminal list: the service Stripe's Terminal SDKs call their "armada" (warden) API.
  'https://armada.stripe.com',
  // On the Terminal list, and the SDKs' logging host: Stripe's Terminal SDKs send their client logs there.
  'https://gator.stripe.com',
  // On the Terminal list: Terminal's events. The list does not say over which protocol, so HTTPS and WebSocket.
  'https://*.terminal-events.stripe.com',
  'wss://*.terminal-events.stripe.com',
  // On the Terminal list: BBPOS, the maker of the WisePOS E, manages its readers there.
  'https://api.emms.bbpos.com',
  // On the Terminal list: Stripe's point-of-sale bucket (reader software).
  'https://stripe-point-of-sale-us-west-2.s3.us-west-2.amazonaws.com',
  // Readers on the local network, `<ip>.<random>.device.stripe-terminal-local-reader.net` (the list's partially
  // qualified name). Readers answer on their own port (not 443), and a source without a port allows only the default one.
  'https://*.device.stripe-terminal-local-reader.net:*',
  // The list's NTP hosts (pool.ntp.org, time.android.com) are the reader's own UDP clock sync: no page ever reaches them.
];

const addSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", 'https://js.stripe.com'],
    connectSrc: ["'self'", ...TERMINAL_CONNECT_SOURCES],
    frameSrc: ['https://js.stripe.com'],
    imgSrc: ["'self'", 'data:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    // Not covered by default-src: without it, markup injected into the console could send its sign-in form elsewhere.
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  // What frame-ancestors 'none' says, for browsers that only read the older header (Hono's default is SAMEORIGIN).
  xFrameOptions: 'DENY',
  crossOriginEmbedderPolicy: false,
  referrerPolicy: 'no-referrer',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

export const securityHeaders = createMiddleware<AppEnv>((c, next) =>
  addSecurityHeaders(c, async () => {
    await next();
    // A response passed through from a binding (the static assets) has immutable headers: copy it so they can be set.
    c.res = new Response(c.res.body, c.res);
  }),
);

/** Cross-origin calls only from the configured kiosk origins; the PWA itself is same-origin and needs none. */
export const kioskCors = cors({
  origin: (origin, c: Context<AppEnv>) => (kioskOrigins(c.env).includes(origin) ? origin : null),
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  allowMethods: ['GET', 'POST'],
  // Date is not a CORS-safelisted response header: the kiosk reads the worker's clock from it.
  exposeHeaders: ['Kiosk-Token', 'Retry-After', 'Date'],
  maxAge: 600,
});

/** API answers carry tokens, client secrets and live state: no browser, proxy or service worker may keep them. */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status === 101) return;
  // An object's answer has immutable headers: copy it to set one.
  c.res = new Response(c.res.body, c.res);
  c.res.headers.set('Cache-Control', 'no-store');
});

/**
 * Every 401 names the scheme that would be accepted (RFC 9110 requires the challenge): kiosks and scripts send
 * `Authorization: Bearer <token>`.
 */
export const authChallenge = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status !== 401 || c.res.headers.has('WWW-Authenticate')) return;
  c.res = new Response(c.res.body, c.res);
  c.res.headers.set('WWW-Authenticate', 'Bearer realm="kiosk-terminal"');
});
