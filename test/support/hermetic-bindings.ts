import { fileURLToPath } from 'node:url';
import { unstable_readConfig } from 'wrangler';

/**
 * What the worker tests run with, whatever the developer's .dev.vars says (Miniflare loads it over wrangler.toml): every
 * var of wrangler.toml at its committed value, and simulated mode with every secret at its simulated default (an empty
 * value counts as unset).
 */
export const HERMETIC_WORKER_BINDINGS = {
  ...unstable_readConfig({ config: fileURLToPath(new URL('../../wrangler.toml', import.meta.url)) }).vars,
  STRIPE_MODE: 'simulated',
  STRIPE_SECRET_KEY: '',
  STRIPE_WEBHOOK_SECRET: '',
  ADMIN_TOKEN: '',
  DEV_KIOSK_TOKEN: '',
  // No Cloudflare Access in front of the admin API (its tests set it for themselves).
  ACCESS_TEAM_DOMAIN: '',
  ACCESS_AUD: '',
};
