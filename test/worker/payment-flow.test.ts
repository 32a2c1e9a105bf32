import { beforeAll, describe, expect, it } from 'vitest';
import { call, createSession, devKioskInSdkMode, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';

describe('kiosk API: one payment end to end', () => {
  beforeAll(devKioskInSdkMode);

  it('reports health and the simulated mode without a token', async () => {
    const res = await call('/api/health', { token: null });
    expect(res).toMatchObject({ status: 200, body: { ok: true, mode: 'simulated' } });
  });

  it('refuses every kiosk route without a kiosk token', async () => {
    for (const [method, path] of [
      ['GET', '/api/catalog'],
      ['POST', '/api/connection-token'],
      ['POST', '/api/sessions'],
      ['GET', '/api/sessions/cs_0123456789abcdef0123'],
      ['GET', '/api/kiosk'],
    ] as const) {
      const res = await call(path, { method, token: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await call('/api/catalog', { token: 'not-a-kiosk' })).status).toBe(401);
  });

  it('prices the catalog in the smallest currency unit', async () => {
    const res = await call('/api/catalog');
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('usd');
    expect(res.body.items).toContainEqual(expect.objectContaining({ id: 'latte', name: 'Café Latte', price: 550 }));
  });

  it('issues a connection token', async () => {
    const res = await call('/api/connection-token', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^pst_test_/);
  });

  it('creates a session whose PaymentIntent Stripe holds with the amount the worker priced', async () => {
    const res = await createSession(undefined, [
      { id: 'latte', quantity: 2 },
      { id: 'bagel', quantity: 1 },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: 1400, currency: 'usd', status: 'idle' });
    expect(res.body.clientSecret).toMatch(new RegExp(`^${res.body.paymentIntentId}_secret_`));
    const pi = await stripe.paymentIntents.retrieve(res.body.paymentIntentId);
    expect(pi).toMatchObject({
      amount: 1400,
      currency: 'usd',
      status: 'requires_payment_method',
      capture_method: 'automatic',
      payment_method_types: ['card_present'],
      metadata: { sessionId: res.body.sessionId, kioskId: 'dev-kiosk' },
    });
  });

  it('rejects a cart that carries an amount, or any unknown field, before touching Stripe', async () => {
    const before = await stripe.paymentIntents.list({ limit: 100 });
    for (const body of [
      { items: [{ id: 'latte', quantity: 1 }], amount: 1 },
      { items: [{ id: 'latte', quantity: 1 }], currency: 'krw' },
      { items: [{ id: 'latte', quantity: 1, price: 1 }] },
    ]) {
      const res = await call('/api/sessions', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const after = await stripe.paymentIntents.list({ limit: 100 });
    expect(after.data.length).toBe(before.data.length);
  });

  it('rejects quantities that are zero, negative, fractional or absurd, and unknown items', async () => {
    for (const items of [
      [{ id: 'latte', quantity: 0 }],
      [{ id: 'latte', quantity: -1 }],
      [{ id: 'latte', quantity: 1.5 }],
      [{ id: 'latte', quantity: 100000 }],
      [{ id: 'caviar', quantity: 1 }],
      [],
    ]) {
      const res = await call('/api/sessions', { body: { items } });
      expect(res.status, JSON.stringify(items)).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
  });

  it('takes a payment: the session is paid only once Stripe says the PaymentIntent succeeded', async () => {
    const { body: session } = await createSession();
    const early = await call(`/api/sessions/${session.sessionId}/complete`, {
      body: { paymentIntentId: session.paymentIntentId },
    });
    expect(early.body).toMatchObject({ success: false, status: 'idle' });

    const confirmed = await payWithCard('dev-kiosk-token', session.paymentIntentId, '4242424242424242');
    expect(confirmed.paymentIntent.status).toBe('succeeded');
    const done = await call(`/api/sessions/${session.sessionId}/complete`, {
      body: { paymentIntentId: session.paymentIntentId },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ success: true, status: 'success', receipt: { brand: 'visa', last4: '4242' } });
    expect(done.body.receipt.receiptUrl).toMatch(/^https:\/\/pay\.stripe\.com\/receipts\//);
    expect((await call(`/api/sessions/${session.sessionId}`)).body.status).toBe('success');
  });

  it('a declined card leaves the session open for another card on the same PaymentIntent', async () => {
    const { body: session } = await createSession();
    const declined = await payWithCard('dev-kiosk-token', session.paymentIntentId, '4000000000000002');
    expect(declined.paymentIntent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { decline_code: 'generic_decline' } });
    const first = await call(`/api/sessions/${session.sessionId}/complete`, { body: { paymentIntentId: session.paymentIntentId } });
    expect(first.body).toMatchObject({ success: false, status: 'failed', declineCode: 'generic_decline' });

    await payWithCard('dev-kiosk-token', session.paymentIntentId, '5555555555554444');
    const second = await call(`/api/sessions/${session.sessionId}/complete`, { body: { paymentIntentId: session.paymentIntentId } });
    expect(second.body).toMatchObject({ success: true, receipt: { brand: 'mastercard', last4: '4444' } });
    const charges = await stripe.charges.list({ payment_intent: session.paymentIntentId });
    expect(charges.data.filter((c) => c.paid)).toHaveLength(1);
  });

  it('rejects completing with a PaymentIntent that is not the session\'s, changing nothing', async () => {
    const { body: a } = await createSession();
    const { body: b } = await createSession();
    await payWithCard('dev-kiosk-token', b.paymentIntentId, '4242424242424242');
    const res = await call(`/api/sessions/${a.sessionId}/complete`, { body: { paymentIntentId: b.paymentIntentId } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('payment_intent_mismatch');
    expect((await call(`/api/sessions/${a.sessionId}`)).body.status).toBe('idle');
  });

  it('cancel cancels the PaymentIntent at Stripe and closes the session for good', async () => {
    const { body: session } = await createSession();
    const res = await call(`/api/sessions/${session.sessionId}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    const progress = await call(`/api/sessions/${session.sessionId}/progress`, { body: { status: 'waiting_card' } });
    expect(progress.status).toBe(409);
  });

  it('another kiosk cannot read, complete or cancel the session (404, no existence leak)', async () => {
    const other = await provisionKiosk('Other kiosk');
    const { body: session } = await createSession();
    const asOther = { token: other.token };
    expect((await call(`/api/sessions/${session.sessionId}`, asOther)).status).toBe(404);
    expect((await call(`/api/sessions/${session.sessionId}/complete`, { ...asOther, body: { paymentIntentId: session.paymentIntentId } })).status).toBe(404);
    expect((await call(`/api/sessions/${session.sessionId}/cancel`, { ...asOther, method: 'POST' })).status).toBe(404);
    const missing = await call('/api/sessions/cs_00000000000000000000000000000000', asOther);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual((await call(`/api/sessions/${session.sessionId}`, asOther)).body);
    expect((await call(`/api/sessions/${session.sessionId}`)).body.status).toBe('idle');
  });

  it('answers every error in one envelope', async () => {
    const res = await call('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const big = await call('/api/sessions', { body: JSON.stringify({ items: [{ id: 'x'.repeat(20_000), quantity: 1 }] }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });
});
