import type { StripeMode } from '../shared/api.ts';
import { ApiError } from './errors.ts';

/** Defaults that make `npm start` work with no setup. They exist only in simulated mode. */
export const SIMULATED_DEFAULTS = {
  adminToken: 'dev-admin-token',
  devKioskToken: 'dev-kiosk-token',
  webhookSecret: 'whsec_simulated_dev_secret',
  /** Any sk_test_ key works against the simulator; this one marks calls made by the worker itself. */
  secretKey: 'sk_test_simulated',
} as const;

export function stripeMode(env: Env): StripeMode {
  const key = env.STRIPE_SECRET_KEY?.trim();
  if (!key) return 'simulated';
  if (/^(sk|rk)_live_/.test(key)) return 'live';
  if (/^(sk|rk)_test_/.test(key)) return 'test';
  throw new ApiError(503, 'misconfigured', 'STRIPE_SECRET_KEY is not a Stripe secret key');
}

/**
 * Refuses to run with a configuration that could take real money by mistake or leave routes open:
 * a key of the wrong mode for STRIPE_MODE, or test/live mode without the secrets it needs.
 */
export function assertUsableConfig(env: Env): StripeMode {
  const mode = stripeMode(env);
  const expected = env.STRIPE_MODE?.trim();
  if (expected && expected !== mode) {
    throw new ApiError(503, 'misconfigured', `STRIPE_MODE is "${expected}" but the configured key is a ${mode} key`);
  }
  if (mode !== 'simulated') {
    if (!env.ADMIN_TOKEN) throw new ApiError(503, 'misconfigured', 'ADMIN_TOKEN must be set outside simulated mode');
    if (!env.STRIPE_WEBHOOK_SECRET) {
      throw new ApiError(503, 'misconfigured', 'STRIPE_WEBHOOK_SECRET must be set outside simulated mode');
    }
  }
  return mode;
}

export function adminToken(env: Env): string | undefined {
  return env.ADMIN_TOKEN || (stripeMode(env) === 'simulated' ? SIMULATED_DEFAULTS.adminToken : undefined);
}

export function devKioskToken(env: Env): string | undefined {
  if (stripeMode(env) !== 'simulated') return undefined;
  return env.DEV_KIOSK_TOKEN || SIMULATED_DEFAULTS.devKioskToken;
}

/** All webhook secrets currently accepted (two while a secret is being rolled). */
export function webhookSecrets(env: Env): string[] {
  const configured = env.STRIPE_WEBHOOK_SECRET?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  if (configured.length > 0) return configured;
  return stripeMode(env) === 'simulated' ? [SIMULATED_DEFAULTS.webhookSecret] : [];
}

export function sessionTimeoutMs(env: Env): number {
  const seconds = Number(env.SESSION_TIMEOUT_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 300) * 1000;
}

export function kioskOrigins(env: Env): string[] {
  return env.KIOSK_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
}
