// Secrets are set with `wrangler secret put` (or .dev.vars locally). They are optional on purpose: without
// STRIPE_SECRET_KEY the worker runs in simulated mode, and config.ts decides what each mode requires.
interface WorkerSecrets {
  STRIPE_SECRET_KEY?: string;
  STRIPE_MODE?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  ADMIN_TOKEN?: string;
  DEV_KIOSK_TOKEN?: string;
}

interface Env extends WorkerSecrets {}

declare namespace Cloudflare {
  interface Env extends WorkerSecrets {}
}
