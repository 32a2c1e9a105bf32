import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { kioskOrigins } from '../config.ts';

/**
 * Security headers on every response. The CSP lets the page load scripts only from us and from Stripe's Terminal
 * SDK origin; the SDK itself talks to Stripe's API and to readers on the local network (*.stripe-terminal-local-reader.net).
 */
const addSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", 'https://js.stripe.com'],
    // Readers answer on their own port (not 443), and a source without a port allows only the default one.
    connectSrc: ["'self'", 'https://api.stripe.com', 'https://*.stripe-terminal-local-reader.net:*'],
    frameSrc: ['https://js.stripe.com'],
    imgSrc: ["'self'", 'data:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    frameAncestors: ["'none'"],
  },
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
  exposeHeaders: ['Kiosk-Token', 'Retry-After'],
  maxAge: 600,
});

/** API answers carry tokens, client secrets and live state: no browser, proxy or service worker may keep them. */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
});
