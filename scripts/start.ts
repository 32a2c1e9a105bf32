import { existsSync, readFileSync } from 'node:fs';
import type { HealthResponse } from '../shared/api.ts';
import { readyBanner } from './start-banner.ts';
import { startWorker } from './wrangler-dev.ts';

// `npm start` (and `npm run dev`, without rebuilding the PWA): the kiosk and its API from the worker in workerd, at
// http://localhost:8787. State persists in .wrangler/state between runs. Without a STRIPE_SECRET_KEY in the file
// wrangler reads secrets from (.dev.vars, else .env) it asks for simulated mode explicitly: everything runs against
// the embedded Stripe simulator, no account, no network.
const secretsFile = ['.dev.vars', '.env'].find((file) => existsSync(file));
const secrets = secretsFile ? readFileSync(secretsFile, 'utf8') : '';
const hasStripeKey = /^\s*STRIPE_SECRET_KEY\s*=\s*["']?\S/m.test(secrets);
const hasAdminToken = /^\s*ADMIN_TOKEN\s*=\s*["']?\S/m.test(secrets);
const worker = await startWorker({
  port: 8787,
  ip: 'localhost',
  inheritOutput: true,
  persistTo: '.wrangler/state',
  useDevVars: true,
  vars: hasStripeKey ? {} : { STRIPE_MODE: 'simulated' },
}).catch((err: Error) => {
  // A key in .dev.vars asks for test or live mode, whose other secrets the worker insists on (README, Configuration).
  const fix = hasStripeKey ? `\n  Fix ${secretsFile} (see .dev.vars.example), or remove its STRIPE_SECRET_KEY for simulated mode.` : '';
  console.error(`\n  npm start: ${err.message}${fix}\n`);
  process.exit(1);
});
const health = (await (await fetch(`${worker.url}/api/health`)).json()) as HealthResponse;
console.log(readyBanner(health.mode, hasAdminToken ? { adminTokenFile: secretsFile } : {}));
const stop = async () => {
  await worker.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
worker.process.on('exit', (code) => process.exit(code ?? 0));
