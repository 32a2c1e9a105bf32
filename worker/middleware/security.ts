import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { kioskOrigins } from '../config.ts';

/**
 * Security headers on every response. The CSP lets the page load scripts only from us and from Stripe's Terminal
 * SDK origin; the SDK itself talks to Stripe's API and to readers on the local network (*.stripe-terminal-local-reader.net).
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", 'https://js.stripe.com'],
    connectSrc: ["'self'", 'https://api.stripe.com', 'https://*.stripe-terminal-local-reader.net'],
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

/** Cross-origin calls only from the configured kiosk origins; the PWA itself is same-origin and needs none. */
export const kioskCors = createMiddleware<AppEnv>(async (c, next) => {
  const allowed = kioskOrigins(c.env);
  return cors({
    origin: (origin) => (allowed.includes(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    allowMethods: ['GET', 'POST'],
    maxAge: 600,
  })(c, next);
});
