import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordingNamespaces } from '../support/recording-namespaces.ts';
import { fetchWith, TEST_MODE } from './deployment.ts';
import { ADMIN_TOKEN, call, provisionKiosk, randomClientIp } from './kiosk-client.ts';
import { eventFor, signatureFor, simulator } from './stripe-test-controls.ts';

/**
 * Every Durable Object namespace the worker can address, and the one that stands in for Stripe. The store's object
 * (its live fleet, its order numbers) is one of them: only checkouts and kiosks' objects talk to it, never a kiosk route.
 */
const NAMESPACES = ['KIOSK', 'CHECKOUT_SESSION', 'KIOSK_REGISTRY', 'STORE_FLEET', 'STRIPE_SIMULATOR'] as const;
const STANDS_IN_FOR_STRIPE = 'STRIPE_SIMULATOR';

/**
 * Runs one request with namespaces that record every object the worker addresses (by name), as `namespace:name`.
 * What the addressed objects do in turn (the kiosk's object opening a checkout) is theirs: this records the worker's
 * own calls, which is where a fixed name on the request's path would show.
 */
async function addressedBy(path: string, init: RequestInit & { token?: string } = {}) {
  const objects = recordingNamespaces(env, NAMESPACES);
  const headers = new Headers(init.headers);
  headers.set('CF-Connecting-IP', randomClientIp());
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  const res = await fetchWith(objects.bindings, path, { ...init, headers });
  const body = await res.text();
  return { status: res.status, body: body ? JSON.parse(body) : null, addressed: objects.addressed };
}

/** Everything one kiosk does in a day, each request with the objects it addressed. */
async function aKiosksDay() {
  const kiosk = await provisionKiosk();
  const { token } = kiosk;
  const post = (path: string, body: unknown = {}) => addressedBy(path, { method: 'POST', token, body: JSON.stringify(body) });
  const created = await post('/api/sessions', { items: [{ id: 'latte', quantity: 1 }] });
  expect(created.status).toBe(201);
  const { sessionId, paymentIntentId } = created.body;
  const reader = (await addressedBy('/api/simulated-reader/readers', { token })).body.readers[0].id;
  const readerPath = `/api/simulated-reader/readers/${reader}`;
  const routes: Array<[string, () => ReturnType<typeof addressedBy>]> = [
    ['POST /api/sessions', async () => created],
    ['GET /api/kiosk', () => addressedBy('/api/kiosk', { token })],
    ['GET /api/catalog', () => addressedBy('/api/catalog', { token })],
    ['POST /api/connection-token', () => post('/api/connection-token')],
    ['GET /api/sessions/:id', () => addressedBy(`/api/sessions/${sessionId}`, { token })],
    ['POST /api/sessions/:id/progress', () => post(`/api/sessions/${sessionId}/progress`, { status: 'waiting_card' })],
    ['GET /api/simulated-reader/readers', () => addressedBy('/api/simulated-reader/readers', { token })],
    ['POST collect', () => post(`${readerPath}/collect`, { paymentIntentId })],
    ['POST present', () => post(`${readerPath}/present`, { cardNumber: '4242424242424242' })],
    ['POST confirm', () => post(`${readerPath}/confirm`, { paymentIntentId })],
    ['POST /api/sessions/:id/complete', () => post(`/api/sessions/${sessionId}/complete`, { paymentIntentId })],
    ['POST /api/webhooks/stripe', async () => {
      const pi = { object: 'payment_intent', id: paymentIntentId, status: 'succeeded', metadata: { sessionId, kioskId: kiosk.kioskId } };
      const body = JSON.stringify(eventFor('payment_intent.succeeded', pi));
      return addressedBy('/api/webhooks/stripe', { method: 'POST', body, headers: { 'Stripe-Signature': await signatureFor(body) } });
    }],
    ['POST /api/sessions (then cancel)', () => post('/api/sessions', { items: [{ id: 'bagel', quantity: 1 }] })],
    // Last: pairing a new tablet gives the kiosk a new token.
    ['POST /api/pair', async () => {
      const { code } = (await call(`/api/admin/kiosks/${kiosk.kioskId}/pairing-code`, { token: ADMIN_TOKEN, method: 'POST' })).body;
      return addressedBy('/api/pair', { method: 'POST', body: JSON.stringify({ code }) });
    }],
  ];
  const day: Array<{ route: string; status: number; addressed: string[]; orderNumber?: number | null }> = [];
  for (const [route, run] of routes) {
    const { status, addressed, body } = await run();
    day.push({ route, status, addressed, orderNumber: body?.orderNumber });
    if (route === 'POST /api/sessions (then cancel)') {
      const cancelled = await post(`/api/sessions/${body.sessionId}/cancel`);
      day.push({ route: 'POST /api/sessions/:id/cancel', status: cancelled.status, addressed: cancelled.addressed });
    }
  }
  return day;
}

const ownObjects = (day: Awaited<ReturnType<typeof aKiosksDay>>) =>
  new Set(day.flatMap((r) => r.addressed).filter((o) => !o.startsWith(`${STANDS_IN_FOR_STRIPE}:`)));

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'paused' });
});

describe('no object shared by the fleet on any kiosk request or webhook', () => {
  it("two kiosks' whole days never reach the same object, and no route goes through the old fleet registry", async () => {
    const first = await aKiosksDay();
    const second = await aKiosksDay();
    for (const request of [...first, ...second]) expect(request.status, request.route).toBeLessThan(300);

    const [a, b] = [ownObjects(first), ownObjects(second)];
    expect([...a].filter((object) => b.has(object))).toEqual([]);
    expect([...a, ...b].filter((object) => object.startsWith('KIOSK_REGISTRY:'))).toEqual([]);
  });

  it('each kiosk route addresses at most one object of its own (creating a session is the kiosk object, which opens the checkout)', async () => {
    const day = await aKiosksDay();
    const perRoute = Object.fromEntries(
      day.map((r) => [r.route, r.addressed.filter((o) => !o.startsWith(`${STANDS_IN_FOR_STRIPE}:`))]),
    );
    for (const [route, objects] of Object.entries(perRoute)) expect(objects.length, `${route}: ${objects.join(', ')}`).toBeLessThanOrEqual(1);
    // Requests about one checkout go straight to it; the kiosk's object is not asked.
    expect(perRoute['GET /api/sessions/:id']![0]).toMatch(/^CHECKOUT_SESSION:cs_/);
    expect(perRoute['POST /api/sessions/:id/complete']![0]).toMatch(/^CHECKOUT_SESSION:cs_/);
    // That payment succeeded: its order number came from the store's object, which the checkout asked itself.
    expect(day.find((r) => r.route === 'POST /api/sessions/:id/complete')!.orderNumber).toBe(1);
    expect(perRoute['POST /api/webhooks/stripe']![0]).toMatch(/^CHECKOUT_SESSION:cs_/);
    expect(perRoute['GET /api/kiosk']![0]).toMatch(/^KIOSK:ki_/);
    expect(perRoute['GET /api/catalog']![0]).toMatch(/^KIOSK:ki_/);
    expect(perRoute['POST /api/pair']![0]).toMatch(/^KIOSK:ki_/);
  });

  it('a bad token costs no object at all', async () => {
    for (const token of ['kt_garbage', 'not-a-token', 'kt_ki_000000000000000000000000']) {
      const { status, addressed } = await addressedBy('/api/kiosk', { token });
      expect(status, token).toBe(401);
      expect(addressed, token).toEqual([]);
    }
  });
});

describe('what the benchmark reads', () => {
  it('in simulated mode each answer names the objects it addressed; a deployment never says', async () => {
    const kiosk = await provisionKiosk();
    const headers = { Authorization: `Bearer ${kiosk.token}`, 'CF-Connecting-IP': randomClientIp() };
    expect((await fetchWith({}, '/api/kiosk', { headers })).headers.get('X-Objects-Touched')).toBe('KIOSK=1');
    expect((await fetchWith({}, '/api/health')).headers.get('X-Objects-Touched')).toBe('none');
    expect((await fetchWith(TEST_MODE, '/api/health')).headers.get('X-Objects-Touched')).toBeNull();
  });
});
