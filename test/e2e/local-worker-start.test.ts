import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '../../scripts/wrangler-dev.ts';

// `npm start` with a Stripe key in .dev.vars but not the secrets a key requires: the worker refuses service (README,
// *Safe configuration*), and the developer reads why, instead of a minute of `GET /api/health 503` and a timeout.
const persistTo = await mkdtemp(join(tmpdir(), 'kiosk-start-'));
afterAll(() => rm(persistTo, { recursive: true, force: true }));

describe('starting the worker locally', () => {
  it('says why a worker with a test key but no admin token refuses service', async () => {
    const start = startWorker({ persistTo, vars: { STRIPE_MODE: 'test', STRIPE_SECRET_KEY: 'sk_test_local_start' }, timeoutMs: 40_000 });
    await expect(start).rejects.toThrow(/refuses service: ADMIN_TOKEN must be set outside simulated mode/);
  });
});
