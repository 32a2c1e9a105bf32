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

/** Admin tokens documented somewhere (README, .dev.vars.example): public, so never acceptable with a real key. */
const DOCUMENTED_ADMIN_TOKENS: ReadonlySet<string> = new Set([SIMULATED_DEFAULTS.adminToken, 'change-me']);
const MIN_ADMIN_TOKEN_LENGTH = 32;
const SECRET_KEY = /^(?:sk|rk)_(live|test)_[A-Za-z0-9_]+$/;
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9_]+$/;

const misconfigured = (message: string) => new ApiError(503, 'misconfigured', message);

/**
 * Which Stripe the worker talks to. Simulated mode is never a fallback: it must be asked for with
 * `STRIPE_MODE=simulated` (which `npm start` and the tests set), so a deployment whose key went missing refuses
 * service instead of opening the simulator, its controls and the public development credentials.
 */
export function stripeMode(env: Env): StripeMode {
  const key = env.STRIPE_SECRET_KEY?.trim();
  const declared = env.STRIPE_MODE?.trim();
  if (!key) {
    if (declared === 'simulated') return 'simulated';
    throw new ApiError(
      503,
      'stripe_not_configured',
      'STRIPE_SECRET_KEY is not set. Set it with `wrangler secret put`, or STRIPE_MODE=simulated for local development.',
    );
  }
  // Stripe's keys are letters and digits after their prefix: a placeholder (`sk_test_...`), a cut-off key or one pasted
  // with something else would reach Stripe only to fail every payment with a 401.
  const mode = SECRET_KEY.exec(key)?.[1] as 'live' | 'test' | undefined;
  if (!mode) throw misconfigured('STRIPE_SECRET_KEY is not a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_… key)');
  if (declared === 'simulated') throw misconfigured('STRIPE_MODE is "simulated" but a STRIPE_SECRET_KEY is set: choose one');
  // Another casing or word would otherwise read as a mismatch with the key ("TEST" but the key is a test key).
  if (declared && declared !== 'test' && declared !== 'live') {
    throw misconfigured(`STRIPE_MODE is "${declared}": with a STRIPE_SECRET_KEY it must be "test" or "live" (or left unset)`);
  }
  if (declared && declared !== mode) throw misconfigured(`STRIPE_MODE is "${declared}" but the configured key is a ${mode} key`);
  return mode;
}

/**
 * Refuses to run with a configuration that could take real money by mistake or leave routes open: a key of the
 * wrong mode, or test/live mode with missing, weak or publicly documented secrets.
 */
export function assertUsableConfig(env: Env): StripeMode {
  const mode = stripeMode(env);
  accessConfig(env);
  if (mode === 'simulated') return mode;
  const admin = env.ADMIN_TOKEN?.trim();
  if (!admin) throw misconfigured('ADMIN_TOKEN must be set outside simulated mode');
  if (admin.length < MIN_ADMIN_TOKEN_LENGTH || DOCUMENTED_ADMIN_TOKENS.has(admin)) {
    throw misconfigured(`ADMIN_TOKEN must be a random secret of at least ${MIN_ADMIN_TOKEN_LENGTH} characters, not a documented default`);
  }
  const secrets = configuredWebhookSecrets(env);
  if (secrets.length === 0) throw misconfigured('STRIPE_WEBHOOK_SECRET must be set outside simulated mode');
  if (secrets.includes(SIMULATED_DEFAULTS.webhookSecret)) {
    throw misconfigured("STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret from Stripe, not the simulated one");
  }
  // A placeholder (`whsec_...`) or anything else would have every webhook refused as unsigned.
  if (!secrets.every((secret) => WEBHOOK_SECRET.test(secret))) {
    throw misconfigured("STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret from Stripe (whsec_…), not a placeholder");
  }
  return mode;
}

export function adminToken(env: Env): string | undefined {
  return env.ADMIN_TOKEN?.trim() || (stripeMode(env) === 'simulated' ? SIMULATED_DEFAULTS.adminToken : undefined);
}

export function devKioskToken(env: Env): string | undefined {
  if (stripeMode(env) !== 'simulated') return undefined;
  return env.DEV_KIOSK_TOKEN?.trim() || SIMULATED_DEFAULTS.devKioskToken;
}

const configuredWebhookSecrets = (env: Env): string[] =>
  env.STRIPE_WEBHOOK_SECRET?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];

/** All webhook secrets currently accepted (two while a secret is being rolled). */
export function webhookSecrets(env: Env): string[] {
  const configured = configuredWebhookSecrets(env);
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

/** Cloudflare Access in front of the admin API: the issuer its JWTs must name and the application's AUD tag. */
export interface AccessConfig {
  /** `https://<team>.cloudflareaccess.com`, the `iss` of the team's tokens; its keys are at `/cdn-cgi/access/certs`. */
  issuer: string;
  audience: string;
}

const TEAM_DOMAIN = /^(?:https:\/\/)?([a-z0-9-]+\.cloudflareaccess\.com)\/?$/i;

/**
 * The Access settings, or null when Access is not used. Half a configuration, or a team domain that is not one,
 * refuses service rather than leave the admin API less protected than the operator meant.
 */
export function accessConfig(env: Env): AccessConfig | null {
  const domain = env.ACCESS_TEAM_DOMAIN?.trim() ?? '';
  const audience = env.ACCESS_AUD?.trim() ?? '';
  if (!domain && !audience) return null;
  if (!domain || !audience) throw misconfigured('Set both ACCESS_TEAM_DOMAIN and ACCESS_AUD to use Cloudflare Access, or neither');
  const team = TEAM_DOMAIN.exec(domain);
  if (!team) throw misconfigured('ACCESS_TEAM_DOMAIN must be your Access team domain, <team>.cloudflareaccess.com');
  return { issuer: `https://${team[1]!.toLowerCase()}`, audience };
}
