import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import app from '../../worker/index.ts';

/** The worker's own fetch handler with a different configuration, as a deployment with those settings would run. */
export async function fetchWith(overrides: Partial<Env>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://kiosk.test${path}`, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A well-configured test-mode deployment (its key never reaches Stripe in these tests). */
export const TEST_MODE: Partial<Env> = {
  STRIPE_SECRET_KEY: 'sk_test_configured',
  STRIPE_MODE: '',
  ADMIN_TOKEN: 'adm_4f0c2b9e8d7a6f5e4d3c2b1a0f9e8d7c',
  STRIPE_WEBHOOK_SECRET: 'whsec_real_endpoint_secret',
};

export const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
