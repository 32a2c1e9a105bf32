import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { HERMETIC_WORKER_BINDINGS } from '../support/hermetic-bindings.ts';

// Issue 9 (6): `npm test` must not read the developer's .dev.vars, which the worker tests' Miniflare loads over
// wrangler.toml. Every value the worker reads is set by the test project itself, so a .dev.vars made for local use
// (DEFAULT_CURRENCY=eur, SESSION_TIMEOUT_SECONDS=30, a webhook secret...) changes nothing the tests see.
describe('the worker tests are hermetic', () => {
  it('set every var of wrangler.toml to its committed value, and every secret', () => {
    const { vars } = unstable_readConfig({ config: 'wrangler.toml' });
    expect(HERMETIC_WORKER_BINDINGS).toMatchObject(vars);
    for (const secret of ['STRIPE_SECRET_KEY', 'STRIPE_MODE', 'STRIPE_WEBHOOK_SECRET', 'ADMIN_TOKEN', 'DEV_KIOSK_TOKEN']) {
      expect(HERMETIC_WORKER_BINDINGS, secret).toHaveProperty(secret);
    }
    expect(HERMETIC_WORKER_BINDINGS.STRIPE_MODE).toBe('simulated');
  });
});
