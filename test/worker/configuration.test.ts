import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, DEV_KIOSK_TOKEN, provisionKiosk } from './kiosk-client.ts';
import { bearer, fetchWith, TEST_MODE } from './deployment.ts';
import { eventFor, signatureFor } from './stripe-test-controls.ts';

const errorCode = async (res: Response) => (await res.json<{ error: { code: string; message: string } }>()).error.code;

/** Every kind of thing the worker serves: health, kiosk and admin API, the page, the simulator and its controls. */
const EVERY_SURFACE = [
  ['GET', '/api/health'],
  ['GET', '/api/kiosk'],
  ['GET', '/api/admin/kiosks'],
  ['GET', '/'],
  ['GET', '/v1/payment_intents'],
  ['POST', '/v1/_simulator/reset'],
] as const;

describe('a deployment never falls into simulated mode by itself', () => {
  it('without a Stripe key and without STRIPE_MODE=simulated, everything answers 503 stripe_not_configured', async () => {
    for (const missingKey of [{ STRIPE_SECRET_KEY: '' }, { STRIPE_SECRET_KEY: '   ' }, { STRIPE_SECRET_KEY: undefined }]) {
      for (const [method, path] of EVERY_SURFACE) {
        const res = await fetchWith({ ...missingKey, STRIPE_MODE: '' }, path, { method, ...bearer(DEV_KIOSK_TOKEN) });
        expect(res.status, `${method} ${path}`).toBe(503);
        expect(await errorCode(res)).toBe('stripe_not_configured');
      }
    }
  });

  it('the development credentials and the simulator open only with STRIPE_MODE=simulated', async () => {
    const simulated = { STRIPE_SECRET_KEY: '', STRIPE_MODE: 'simulated' };
    expect(await (await fetchWith(simulated, '/api/health')).json()).toEqual({ ok: true, mode: 'simulated' });
    expect((await fetchWith(simulated, '/api/kiosk', bearer(DEV_KIOSK_TOKEN))).status).toBe(200);
    expect((await fetchWith(simulated, '/api/admin/kiosks', bearer(ADMIN_TOKEN))).status).toBe(200);
    expect((await fetchWith(simulated, '/v1/payment_intents', bearer('sk_test_x'))).status).toBe(200);
  });

  it('refuses STRIPE_MODE=simulated next to a real key, a key of the other mode, or something that is not a secret key', async () => {
    for (const overrides of [
      { ...TEST_MODE, STRIPE_MODE: 'simulated' },
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_MODE: 'test' },
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_MODE: 'live' },
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'pk_live_not_a_secret_key' },
      // The placeholders of .dev.vars.example and the README, and a key cut short or pasted with something else.
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_test_...' },
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_live_…' },
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_test_' },
      { ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_test_51Hx STRIPE_WEBHOOK_SECRET=whsec_x' },
    ]) {
      for (const [method, path] of EVERY_SURFACE) {
        const res = await fetchWith(overrides, path, { method, ...bearer('sk_test_x') });
        expect(res.status, `${JSON.stringify(overrides)} ${path}`).toBe(503);
        expect(await errorCode(res)).toBe('misconfigured');
      }
    }
  });
});

describe('STRIPE_MODE names a mode the worker knows', () => {
  it('with a key, a STRIPE_MODE that is not "test" or "live" (another casing, another word) refuses service saying which values it takes', async () => {
    for (const declared of ['TEST', 'Test', 'production', 'sandbox']) {
      const res = await fetchWith({ ...TEST_MODE, STRIPE_MODE: declared }, '/api/health');
      expect(res.status, declared).toBe(503);
      const { error } = await res.json<{ error: { code: string; message: string } }>();
      expect(error.code).toBe('misconfigured');
      // Not "STRIPE_MODE is "TEST" but the configured key is a test key": the operator is told what to write instead.
      expect(error.message, declared).toContain('"test" or "live"');
    }
    for (const declared of ['test', ' test ', '']) {
      expect((await fetchWith({ ...TEST_MODE, STRIPE_MODE: declared }, '/api/health')).status, declared).toBe(200);
    }
  });
});

describe('with a real key, weak or public secrets are refused', () => {
  it('a missing, short or documented ADMIN_TOKEN, or a missing or simulated webhook secret, refuses service (503)', async () => {
    const weak: Array<[string, Partial<Env>]> = [
      ['no admin token', { ADMIN_TOKEN: '' }],
      ['31 characters', { ADMIN_TOKEN: 'a'.repeat(31) }],
      ['the simulated default', { ADMIN_TOKEN: 'dev-admin-token' }],
      ['the example in .dev.vars.example', { ADMIN_TOKEN: 'change-me' }],
      ['no webhook secret', { STRIPE_WEBHOOK_SECRET: '' }],
      ['the simulated webhook secret', { STRIPE_WEBHOOK_SECRET: 'whsec_simulated_dev_secret' }],
      ['the simulated one while rolling', { STRIPE_WEBHOOK_SECRET: 'whsec_real_endpoint_secret, whsec_simulated_dev_secret' }],
      ['the placeholder of .dev.vars.example', { STRIPE_WEBHOOK_SECRET: 'whsec_...' }],
      ['not a signing secret', { STRIPE_WEBHOOK_SECRET: 'change-me' }],
      ['a placeholder while rolling', { STRIPE_WEBHOOK_SECRET: 'whsec_real_endpoint_secret,whsec_...' }],
    ];
    for (const [why, overrides] of weak) {
      const res = await fetchWith({ ...TEST_MODE, ...overrides }, '/api/health');
      expect(res.status, why).toBe(503);
      expect(await errorCode(res), why).toBe('misconfigured');
    }
    const strong = await fetchWith({ ...TEST_MODE, ADMIN_TOKEN: 'x'.repeat(32) }, '/api/health');
    expect(strong.status).toBe(200);
  });

  it('the simulator, its test controls and the development credentials do not exist', async () => {
    const kiosk = await provisionKiosk();
    expect(await (await fetchWith(TEST_MODE, '/api/health')).json()).toEqual({ ok: true, mode: 'test' });
    for (const path of ['/v1/_simulator/reset', '/v1/payment_intents', '/v1/_simulator/faults']) {
      const res = await fetchWith(TEST_MODE, path, { method: 'POST', ...bearer('sk_test_x') });
      // The one error envelope, as for any route the worker does not have: a Stripe client pointed here reads why.
      expect(res.status, path).toBe(404);
      expect(await errorCode(res), path).toBe('not_found');
    }
    const reader = await fetchWith(TEST_MODE, '/api/simulated-reader/readers', bearer(kiosk.token));
    expect(reader.status).toBe(404);
    expect(await errorCode(reader)).toBe('not_found');
    expect((await fetchWith(TEST_MODE, '/api/kiosk', bearer(DEV_KIOSK_TOKEN))).status).toBe(401);
    expect((await fetchWith(TEST_MODE, '/api/admin/kiosks', bearer(ADMIN_TOKEN))).status).toBe(401);
    expect((await fetchWith(TEST_MODE, '/api/admin/kiosks', bearer(TEST_MODE.ADMIN_TOKEN!))).status).toBe(200);
    const body = JSON.stringify(eventFor('payment_intent.created', { object: 'payment_intent', metadata: {} }));
    const devSigned = await fetchWith(TEST_MODE, '/api/webhooks/stripe', {
      method: 'POST',
      headers: { 'Stripe-Signature': await signatureFor(body) },
      body,
    });
    expect(devSigned.status).toBe(400);
  });
});

describe('a key Stripe refuses', () => {
  afterEach(() => vi.restoreAllMocks());

  /** api.stripe.com answering every call as it does for a revoked or rolled key (401) or a restricted key lacking a permission (403). */
  const stripeRefusesTheKey = (status: 401 | 403) =>
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = new Request(input).url;
      if (!url.startsWith('https://api.stripe.com/')) throw new Error(`unexpected fetch ${url}`);
      const message =
        status === 401
          ? 'Invalid API Key provided: sk_test_****ured'
          : 'The provided key \'rk_test_****ured\' does not have the required permissions for this endpoint.';
      return Response.json({ error: { type: 'invalid_request_error', message } }, { status });
    });

  it('answers 503 misconfigured naming STRIPE_SECRET_KEY, not a payment error, for a revoked key or a restricted key without a permission', async () => {
    const kiosk = await provisionKiosk();
    for (const status of [401, 403] as const) {
      stripeRefusesTheKey(status);
      const res = await fetchWith(TEST_MODE, '/api/connection-token', { method: 'POST', ...bearer(kiosk.token) });
      expect(res.status, String(status)).toBe(503);
      const { error } = await res.json<{ error: { code: string; message: string } }>();
      expect(error.code).toBe('misconfigured');
      expect(error.message).toContain('STRIPE_SECRET_KEY');
      vi.restoreAllMocks();
    }
  });

  it('a key pasted with spaces or a line break around it is accepted as the key it is, and sent to Stripe without them', async () => {
    const kiosk = await provisionKiosk();
    const sent: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      sent.push(new Request(input, init).headers.get('Authorization') ?? '');
      return Response.json({ object: 'terminal.connection_token', secret: 'pst_test_x', location: kiosk.kiosk.locationId });
    });
    const res = await fetchWith({ ...TEST_MODE, STRIPE_SECRET_KEY: '  sk_test_configured\n' }, '/api/connection-token', { method: 'POST', ...bearer(kiosk.token) });
    expect(res.status).toBe(200);
    expect(sent).toEqual(['Bearer sk_test_configured']);
  });
});
