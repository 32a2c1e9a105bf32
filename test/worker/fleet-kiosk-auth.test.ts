import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bearer, fetchWith } from './deployment.ts';
import { serverDrivenKiosk, start } from './server-driven-client.ts';
import { faultsFired, simulator } from './stripe-test-controls.ts';
import { ADMIN_TOKEN, call, createSession, DEV_KIOSK_TOKEN, payWithCard, provisionKiosk, randomClientIp, readerAtStripe, readerFor, stripe } from './kiosk-client.ts';

const admin = (path: string, method = 'POST') => call(`/api/admin${path}`, { token: ADMIN_TOKEN, method });

// Only Date is faked (a test moves the clock on): timers and the objects' alarms keep running.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a kiosk's token names its kiosk, and its checkouts check it themselves", () => {
  it('is issued as kt_<kiosk id>.<secret>', async () => {
    const kiosk = await provisionKiosk();
    expect(kiosk.token).toMatch(new RegExp(`^kt_${kiosk.kioskId}\\.[A-Za-z0-9_-]{43}$`));
  });

  it('a rotated token stops working on the very next request, also on a checkout opened before the rotation', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const rotated = (await admin(`/kiosks/${kiosk.kioskId}/rotate`)).body.token;
    for (const path of ['/api/kiosk', `/api/sessions/${session.sessionId}`]) {
      expect((await call(path, { token: kiosk.token })).status, path).toBe(401);
      expect((await call(path, { token: rotated })).status, path).toBe(200);
    }
    const cancel = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(cancel.status).toBe(401);
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');
  });

  it("a disabled kiosk is refused (403) by its open checkouts too, and served again once enabled", async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    await admin(`/kiosks/${kiosk.kioskId}/disable`);
    for (const [method, path] of [
      ['GET', `/api/sessions/${session.sessionId}`],
      ['POST', `/api/sessions/${session.sessionId}/complete`],
      ['POST', `/api/sessions/${session.sessionId}/cancel`],
    ] as const) {
      const body = path.endsWith('/complete') ? { paymentIntentId: session.paymentIntentId } : undefined;
      const res = await call(path, { token: kiosk.token, method, body });
      expect(res, path).toMatchObject({ status: 403, body: { error: { code: 'kiosk_disabled' } } });
    }
    await admin(`/kiosks/${kiosk.kioskId}/enable`);
    expect((await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token })).status).toBe(200);
  });

  describe('a checkout that has ended (the tablet still reads it: its order number, a reload)', () => {
    /** A paid checkout, once its object has told the kiosk's object it ended (the ledger row comes first). */
    async function endedCheckout() {
      const kiosk = await provisionKiosk();
      const { body: session } = await createSession(kiosk.token, [{ id: 'latte', quantity: 1 }]);
      await payWithCard(kiosk.token, session.paymentIntentId, '4242424242424242');
      await call(`/api/sessions/${session.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
      await expect
        .poll(async () => (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0]?.status, { timeout: 15_000 })
        .toBe('success');
      return { kiosk, session };
    }
    const read = (sessionId: string, token: string) => call(`/api/sessions/${sessionId}`, { token });
    const liveTicket = (sessionId: string, token: string) => call(`/api/sessions/${sessionId}/live`, { token, method: 'POST' });

    for (const [when, later] of [['just after it ended', 0], ['ended long ago (its kiosk no longer tells it)', 11 * 60_000]] as const) {
      it(`${when}: refuses a disabled kiosk (403) on the very next request, and serves it again once enabled`, async () => {
        const { kiosk, session } = await endedCheckout();
        if (later) vi.setSystemTime(Date.now() + later);
        await admin(`/kiosks/${kiosk.kioskId}/disable`);
        expect(await read(session.sessionId, kiosk.token)).toMatchObject({ status: 403, body: { error: { code: 'kiosk_disabled' } } });
        expect((await liveTicket(session.sessionId, kiosk.token)).status).toBe(403);
        await admin(`/kiosks/${kiosk.kioskId}/enable`);
        expect(await read(session.sessionId, kiosk.token)).toMatchObject({ status: 200, body: { status: 'success' } });
      });

      it(`${when}: refuses a rotated-away token (401), and serves the new one`, async () => {
        const { kiosk, session } = await endedCheckout();
        if (later) vi.setSystemTime(Date.now() + later);
        const rotated = (await admin(`/kiosks/${kiosk.kioskId}/rotate`)).body.token;
        expect((await read(session.sessionId, kiosk.token)).status).toBe(401);
        expect((await liveTicket(session.sessionId, kiosk.token)).status).toBe(401);
        expect(await read(session.sessionId, rotated)).toMatchObject({ status: 200, body: { status: 'success' } });
      });
    }
  });

  describe('a change made while the next order is being opened (the walked-away order before it is slow to end)', () => {
    /** A server-driven kiosk whose next order waits 1.5 s on Stripe to end the one before; `change` runs meanwhile. */
    async function changeWhileOpening(change: (kioskId: string) => Promise<unknown>) {
      const kiosk = await serverDrivenKiosk();
      expect((await start(kiosk.token)).status).toBe(201);
      await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'timeout', delayMs: 1_500, count: 1 });
      const opening = start(kiosk.token);
      await expect.poll(async () => (await faultsFired())[0], { timeout: 15_000, interval: 50 }).toBe(1);
      const changed = await change(kiosk.kioskId);
      const opened = await opening;
      await simulator('DELETE', 'faults');
      expect(opened.status).toBe(201);
      return { kiosk, changed, sessionId: opened.body.sessionId as string };
    }

    it("a disable reaches that order's checkout too: it refuses the kiosk (403)", async () => {
      const { kiosk, sessionId } = await changeWhileOpening((id) => admin(`/kiosks/${id}/disable`));
      expect(await call(`/api/sessions/${sessionId}`, { token: kiosk.token })).toMatchObject({ status: 403, body: { error: { code: 'kiosk_disabled' } } });
    });

    it("a rotation reaches that order's checkout too: the old token is refused (401), the new one works", async () => {
      const { kiosk, changed, sessionId } = await changeWhileOpening((id) => admin(`/kiosks/${id}/rotate`));
      expect((await call(`/api/sessions/${sessionId}`, { token: kiosk.token })).status).toBe(401);
      expect((await call(`/api/sessions/${sessionId}`, { token: (changed as { body: { token: string } }).body.token })).status).toBe(200);
    });
  });

  it('a token of one kiosk with another kiosk\'s id in it is refused', async () => {
    const [a, b] = [await provisionKiosk(), await provisionKiosk()];
    const forged = `kt_${b.kioskId}.${a.token.split('.')[1]}`;
    expect((await call('/api/kiosk', { token: forged })).status).toBe(401);
  });
});

describe('the development kiosk', () => {
  // First in this file: the next test rotates the development kiosk for good.
  it('follows a changed DEV_KIOSK_TOKEN: the new value works, the old one stops', async () => {
    const get = (token: string, overrides: Partial<Env> = {}) =>
      fetchWith(overrides, '/api/kiosk', { headers: { ...bearer(token).headers, 'CF-Connecting-IP': randomClientIp() } });
    expect((await get(DEV_KIOSK_TOKEN)).status).toBe(200);
    const changed = { DEV_KIOSK_TOKEN: 'a-new-development-token' };
    expect((await get('a-new-development-token', changed)).status).toBe(200);
    expect((await get(DEV_KIOSK_TOKEN, changed)).status).toBe(401);
  });

  it('answers to dev-kiosk-token until an operator rotates it, then only to the new token', async () => {
    expect((await call('/api/kiosk', { token: DEV_KIOSK_TOKEN })).body).toMatchObject({ kioskId: 'dev-kiosk', currency: 'usd' });
    const { body: session } = await createSession(DEV_KIOSK_TOKEN);
    const rotated = (await admin('/kiosks/dev-kiosk/rotate')).body.token;
    expect((await call('/api/kiosk', { token: DEV_KIOSK_TOKEN })).status).toBe(401);
    expect((await call(`/api/sessions/${session.sessionId}`, { token: DEV_KIOSK_TOKEN })).status).toBe(401);
    expect((await call('/api/kiosk', { token: rotated })).body.kioskId).toBe('dev-kiosk');
  });
});

describe('failed sign-ins are throttled before they cost anything', () => {
  it('a client sending wrong kiosk tokens gets 429 with Retry-After, and then even a right token waits; other clients do not', async () => {
    const kiosk = await provisionKiosk();
    const attacker = randomClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await call('/api/kiosk', { token: `kt_${kiosk.kioskId}.${'A'.repeat(43)}`, headers: { 'CF-Connecting-IP': attacker } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const blocked = await call('/api/kiosk', { token: kiosk.token, headers: { 'CF-Connecting-IP': attacker } });
    expect(blocked).toMatchObject({ status: 429, body: { error: { code: 'too_many_attempts' } } });
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(200);
  });

  it('wrong admin tokens are throttled the same way', async () => {
    const client = randomClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call('/api/admin/kiosks', { token: `wrong-${i}`, headers: { 'CF-Connecting-IP': client } })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await call('/api/admin/kiosks', { token: ADMIN_TOKEN, headers: { 'CF-Connecting-IP': client } })).status).toBe(429);
    expect((await call('/api/admin/kiosks', { token: ADMIN_TOKEN })).status).toBe(200);
  });

  it('an IPv6 client is its /64 network: wrong tokens from ever-new addresses of one network are throttled together, another network is not', async () => {
    // Every IPv6 subscriber gets at least a /64, and privacy addresses (RFC 8981) change within it on their own.
    const network = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    // The limiter counts in fixed one-minute windows: a run that crosses into the next one gets up to 10 more tries.
    const statuses: number[] = [];
    for (let i = 1; i <= 21 && statuses.at(-1) !== 429; i++) {
      statuses.push((await call('/api/admin/kiosks', { token: `wrong-${i}`, headers: { 'CF-Connecting-IP': `${network}::${i.toString(16)}` } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.at(-1)).toBe(429);
    // Written out in full, or in capitals, it is the same network.
    const blocked = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, headers: { 'CF-Connecting-IP': `${network.toUpperCase()}:0:0:0:ABCD` } });
    expect(blocked).toMatchObject({ status: 429, body: { error: { code: 'too_many_attempts' } } });
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await call('/api/admin/kiosks', { token: ADMIN_TOKEN, headers: { 'CF-Connecting-IP': `${network}1::1` } })).status).toBe(200);
  });

  it("a flood of wrong tokens for one kiosk, from many clients, is answered 429 by that kiosk while its own token works", async () => {
    const kiosk = await provisionKiosk();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await call('/api/kiosk', { token: `kt_${kiosk.kioskId}.${'B'.repeat(43)}` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await call('/api/kiosk', { token: kiosk.token })).status).toBe(200);
  });

  it("wrong tokens for one kiosk sent to its checkouts count too: that kiosk answers 429 past 20 a minute, while its own token works", async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const forged = `kt_${kiosk.kioskId}.${'C'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const path = i % 2 ? `/api/sessions/${session.sessionId}` : `/api/sessions/${session.sessionId}/progress`;
      statuses.push((await call(path, { token: forged, ...(i % 2 ? {} : { body: { status: 'connecting' } }) })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await call(`/api/sessions/${session.sessionId}`, { token: kiosk.token })).status).toBe(200);
  });
});

describe('consistent refusals and no caching of secrets', () => {
  it('a malformed Authorization header is 401, like a wrong token', async () => {
    for (const header of ['Basic a2lvc2s6', 'Bearer', 'Bearer two words', 'bearer']) {
      for (const path of ['/api/kiosk', '/api/admin/kiosks']) {
        const res = await call(path, { token: null, headers: { Authorization: header } });
        expect(res, `${path} ${header}`).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      }
    }
  });

  it('the Authorization scheme is read in any case (RFC 9110): bearer, BEARER and Bearer tokens are served alike', async () => {
    const kiosk = await provisionKiosk();
    for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
      for (const [path, token] of [
        ['/api/kiosk', kiosk.token],
        ['/api/admin/kiosks', ADMIN_TOKEN],
      ] as const) {
        const res = await call(path, { token: null, headers: { Authorization: `${scheme} ${token}` } });
        expect(res.status, `${path} ${scheme} ${token}`).toBe(200);
      }
      // A wrong token is as wrong in any case.
      const wrong = await call('/api/kiosk', { token: null, headers: { Authorization: `${scheme} kt_not_a_kiosk` } });
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    }
  });

  it('malformed JSON is 400 invalid_request, like every other validation error', async () => {
    const kiosk = await provisionKiosk();
    for (const [path, token] of [
      ['/api/sessions', kiosk.token],
      ['/api/admin/kiosks', ADMIN_TOKEN],
    ] as const) {
      const res = await call(path, { token, body: '{"items": [' });
      expect(res, path).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
  });

  it('a kiosk action that takes no fields (a connection token, the live channel) refuses malformed JSON or fields, as cancel does', async () => {
    const kiosk = await provisionKiosk();
    const { sessionId } = (await createSession(kiosk.token)).body;
    for (const path of ['/api/connection-token', `/api/sessions/${sessionId}/live`]) {
      for (const body of ['{"items": [', '{"location": "tml_other"}']) {
        const res = await call(path, { token: kiosk.token, body });
        expect(res, `${path} ${body}`).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      }
      for (const body of [undefined, {}]) {
        expect((await call(path, { token: kiosk.token, method: 'POST', body })).status, `${path} ${JSON.stringify(body)}`).toBe(200);
      }
    }
  });

  it('answers that carry a token or a client secret say Cache-Control: no-store', async () => {
    const provisioned = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'Cache kiosk' } });
    const { token, kioskId } = provisioned.body;
    const created = await createSession(token);
    const responses = [
      provisioned,
      await call(`/api/admin/kiosks/${kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' }),
      created,
      await call(`/api/sessions/${created.body.sessionId}`, { token: (await call(`/api/admin/kiosks/${kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' })).body.token }),
      await call('/api/connection-token', { token: DEV_KIOSK_TOKEN, method: 'POST' }),
    ];
    for (const res of responses) expect(res.headers.get('Cache-Control')).toBe('no-store');
  });
});

describe("readers belong to one kiosk", () => {
  it("another kiosk at the same Location gets 404 for a kiosk's reader, exactly as for one that does not exist", async () => {
    const owner = await provisionKiosk('Owner');
    const neighbour = await provisionKiosk('Neighbour', { locationId: owner.kiosk.locationId });
    const reader = await readerFor(owner.token);
    const theirs = await call(`/api/simulated-reader/readers/${reader}`, { token: neighbour.token });
    const missing = await call('/api/simulated-reader/readers/tmr_doesnotexist', { token: neighbour.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    expect((await call(`/api/simulated-reader/readers/${reader}`, { token: owner.token })).status).toBe(200);
  });

  it("a kiosk's reader cannot take another kiosk's payment: 404, as for one that does not exist, and the payment stays unpaid", async () => {
    const owner = await provisionKiosk('Owner');
    const neighbour = await provisionKiosk('Neighbour', { locationId: owner.kiosk.locationId });
    const { body: session } = await createSession(owner.token);
    const base = `/api/simulated-reader/readers/${await readerFor(neighbour.token)}`;
    for (const action of ['collect', 'confirm']) {
      const theirs = await call(`${base}/${action}`, { token: neighbour.token, body: { paymentIntentId: session.paymentIntentId } });
      const missing = await call(`${base}/${action}`, { token: neighbour.token, body: { paymentIntentId: 'pi_doesnotexist' } });
      expect(theirs, action).toMatchObject({ status: 404, body: { error: { code: 'payment_intent_not_found' } } });
      expect(theirs.body).toEqual(missing.body);
    }
    expect((await readerAtStripe(await readerFor(neighbour.token))).action).toBeNull();
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');
    // Its own kiosk pays it.
    expect(await payWithCard(owner.token, session.paymentIntentId, '4242424242424242')).toMatchObject({ paymentIntent: { status: 'succeeded' } });
  });

  it('a wrong token on a reader action is refused (401) before its body is looked at', async () => {
    const kiosk = await provisionKiosk();
    const base = `/api/simulated-reader/readers/${await readerFor(kiosk.token)}`;
    for (const body of [{ paymentIntentId: 'not an id' }, { nonsense: true }]) {
      const res = await call(`${base}/collect`, { token: `kt_${kiosk.kioskId}.${'x'.repeat(43)}`, body });
      expect(res.status, JSON.stringify(body)).toBe(401);
      expect((await call(`${base}/collect`, { token: kiosk.token, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('a cart with a negative amount cannot be shown on the reader', async () => {
    const kiosk = await provisionKiosk();
    const reader = await readerFor(kiosk.token);
    for (const cart of [
      { line_items: [{ description: 'Refund me', amount: -500, quantity: 1 }], total: -500, currency: 'usd' },
      { line_items: [{ description: 'Latte', amount: 550, quantity: 1 }], total: -1, currency: 'usd' },
      { line_items: [{ description: 'Latte', amount: 550, quantity: 1 }], tax: -10, total: 540, currency: 'usd' },
    ]) {
      const res = await call(`/api/simulated-reader/readers/${reader}/display`, { token: kiosk.token, body: { cart } });
      expect(res, JSON.stringify(cart)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
  });

  it("reader actions, finding the reader included, count against the kiosk's own limit", async () => {
    const kiosk = await provisionKiosk();
    const reader = await readerFor(kiosk.token);
    const statuses: number[] = [];
    for (let i = 0; i < 119; i++) statuses.push((await call(`/api/simulated-reader/readers/${reader}`, { token: kiosk.token })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect((await call('/api/simulated-reader/readers', { token: kiosk.token })).status).toBe(429);
    expect((await call(`/api/simulated-reader/readers/${reader}`, { token: kiosk.token })).status).toBe(429);
    const other = await provisionKiosk();
    expect((await call(`/api/simulated-reader/readers/${await readerFor(other.token)}`, { token: other.token })).status).toBe(200);
  });
});

describe('kiosks paired before tokens named their kiosk', () => {
  it('keep working after the upgrade: found once in the old registry, then handed the same secret in the new form', async () => {
    const kiosk = await provisionKiosk('Old kiosk');
    const secret = 'L'.repeat(43);
    const legacyToken = `kt_${secret}`;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(legacyToken));
    const tokenHash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const legacyId = 'ki_0123456789abcdef01234567';
    const { body: session } = await createSession(kiosk.token);
    // What the previous version left: its fleet registry with this kiosk and one of its sessions.
    await env.KIOSK_REGISTRY.getByName('fleet').recordLegacy(
      { id: legacyId, name: 'Old kiosk', locationId: kiosk.kiosk.locationId, currency: 'usd', language: 'en', disabled: false, createdAt: 1, tokenRotatedAt: 1, tokenHash },
      [session.sessionId],
    );

    const first = await call('/api/kiosk', { token: legacyToken });
    expect(first.body).toMatchObject({ kioskId: legacyId, name: 'Old kiosk' });
    const upgraded = first.headers.get('Kiosk-Token');
    expect(upgraded).toBe(`kt_${legacyId}.${secret}`);
    expect((await call('/api/catalog', { token: upgraded! })).status).toBe(200);

    const migrated = await call('/api/admin/migrations/legacy-registry', { token: ADMIN_TOKEN, method: 'POST' });
    expect(migrated.body).toEqual({ kiosks: 1, sessions: 1, remaining: { kiosks: 0, sessions: 0 }, done: true });
    await expect
      .poll(async () => (await call(`/api/admin/kiosks`, { token: ADMIN_TOKEN })).body.kiosks.map((k: { id: string }) => k.id), { timeout: 10_000 })
      .toContain(legacyId);
    // Rotating it ends the legacy token and its upgraded form.
    const rotated = (await admin(`/kiosks/${legacyId}/rotate`)).body.token;
    expect((await call('/api/kiosk', { token: legacyToken })).status).toBe(401);
    expect((await call('/api/kiosk', { token: upgraded! })).status).toBe(401);
    expect((await call('/api/kiosk', { token: rotated })).status).toBe(200);
  });
});
