import { startWorker } from './wrangler-dev.ts';

// `npm start`: the kiosk and its API from the worker in workerd, at http://localhost:8787. State persists in
// .wrangler/state between runs. Without STRIPE_SECRET_KEY (in .dev.vars) everything runs against the embedded
// Stripe simulator: no account, no network.
const worker = await startWorker({ port: 8787, ip: 'localhost', inheritOutput: true, persistTo: '.wrangler/state' });
const health = (await (await fetch(`${worker.url}/api/health`)).json()) as { mode: string };
console.log(`
  Kiosk ready: http://localhost:8787   (${health.mode} mode)
  ${health.mode === 'simulated' ? 'Pay with the developer panel\'s test cards; the kiosk pairs itself with the dev kiosk.' : 'Pair the kiosk with a token from POST /api/admin/kiosks.'}
  Stripe simulator API: http://localhost:8787/v1 (any sk_test_ key)   Stop: Ctrl+C
`);
const stop = async () => {
  await worker.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
worker.process.on('exit', (code) => process.exit(code ?? 0));
