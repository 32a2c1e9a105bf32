import { exports } from 'cloudflare:workers';
import Stripe from 'stripe';

export const DEV_KIOSK_TOKEN = 'dev-kiosk-token';
export const ADMIN_TOKEN = 'dev-admin-token';

export const randomClientIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join('.')}`;

/** Calls the worker exactly as a kiosk does: JSON over HTTP with its bearer token. */
export async function call(
  path: string,
  init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  // Each call from its own client address, unless a test says otherwise: only the throttling tests repeat one.
  const headers: Record<string, string> = { 'CF-Connecting-IP': randomClientIp(), ...init.headers };
  const token = init.token === undefined ? DEV_KIOSK_TOKEN : init.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await exports.default.fetch(
    new Request(`http://kiosk.test${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    }),
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** The official SDK, pointed at the simulator's /v1 through the worker, as any Stripe client would be. */
export const stripe = new Stripe('sk_test_from_tests', {
  httpClient: Stripe.createFetchHttpClient((input, init) => exports.default.fetch(new Request(input, init))),
  maxNetworkRetries: 0,
});

/**
 * A kiosk as an operator sets one up: provisioned, then its simulated reader registered and bound to it (unless the
 * test wants a kiosk without one). In SDK mode unless the test says otherwise: most tests drive the reader through the
 * simulated-reader routes, as the JS SDK would, while a server-driven kiosk's reader is already busy with the payment.
 */
export async function provisionKiosk(name = 'Test kiosk', extra: Record<string, unknown> = {}, options: { reader?: boolean } = {}) {
  const res = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name, readerMode: 'js-sdk', ...extra } });
  if (res.status !== 201) throw new Error(`provisioning failed: ${JSON.stringify(res.body)}`);
  const provisioned = res.body as { kioskId: string; token: string; kiosk: { locationId: string; currency: string; readerMode: string } };
  if (options.reader !== false) {
    const reader = await call(`/api/admin/kiosks/${provisioned.kioskId}/readers`, { token: ADMIN_TOKEN, body: { registrationCode: 'simulated-wpe' } });
    if (reader.status !== 201) throw new Error(`reader registration failed: ${JSON.stringify(reader.body)}`);
  }
  return provisioned;
}

/** The development kiosk (server-driven, as every kiosk by default) switched to SDK mode, for tests that drive its reader. */
export async function devKioskInSdkMode() {
  await call('/api/kiosk');
  const res = await call('/api/admin/kiosks/dev-kiosk', { token: ADMIN_TOKEN, method: 'PATCH', body: { readerMode: 'js-sdk' } });
  if (res.status !== 200) throw new Error(`the dev kiosk could not be switched to SDK mode: ${JSON.stringify(res.body)}`);
}

/** The reader as Stripe reports it (it exists: these tests never delete it). */
export const readerAtStripe = async (readerId: string) => (await stripe.terminal.readers.retrieve(readerId)) as Stripe.Terminal.Reader;

export async function readerFor(token: string): Promise<string> {
  const res = await call('/api/simulated-reader/readers', { token });
  return res.body.readers[0].id;
}

/** A customer paying at the kiosk's simulated reader: collect, present the card, confirm. */
export async function payWithCard(token: string, paymentIntentId: string, cardNumber: string) {
  const reader = await readerFor(token);
  const base = `/api/simulated-reader/readers/${reader}`;
  const collect = await call(`${base}/collect`, { token, body: { paymentIntentId } });
  if (collect.status !== 200) throw new Error(`collect failed: ${JSON.stringify(collect.body)}`);
  await call(`${base}/present`, { token, body: { cardNumber } });
  return (await call(`${base}/confirm`, { token, body: { paymentIntentId } })).body;
}

/**
 * The session's live channel, as the kiosk opens it with the URL from POST /live: every view it is sent, and how it
 * was closed.
 */
export async function openLive(token: string, sessionId: string) {
  const { url } = (await call(`/api/sessions/${sessionId}/live`, { token, method: 'POST' })).body;
  const res = await exports.default.fetch(new Request((url as string).replace(/^ws/, 'http'), { headers: { Upgrade: 'websocket' } }));
  if (res.status !== 101 || !res.webSocket) throw new Error(`the live channel did not open: ${res.status}`);
  const socket = res.webSocket;
  const messages: Array<{ status: string } & Record<string, unknown>> = [];
  let isClosed = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener('close', (event) => {
      isClosed = true;
      resolve({ code: event.code, reason: event.reason });
    }),
  );
  socket.addEventListener('message', (event) => {
    messages.push(JSON.parse(event.data as string));
  });
  socket.accept();
  return { messages, closed, closedYet: () => isClosed, statuses: () => messages.map((m) => m.status) };
}

export async function createSession(token = DEV_KIOSK_TOKEN, items = [{ id: 'latte', quantity: 1 }], headers = {}) {
  return call('/api/sessions', { token, body: { items }, headers });
}
