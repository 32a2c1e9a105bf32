import { runDurableObjectAlarm } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreFleetView } from '../../shared/api.ts';
import { storeDay } from '../../shared/store-day.ts';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';
import { serverDrivenKiosk, start } from './server-driven-client.ts';
import { simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const fleet = async (locationId: string): Promise<StoreFleetView> =>
  (await call(`/api/admin/stores/${locationId}/fleet`, { token: ADMIN_TOKEN })).body;
const kioskIn = async (locationId: string, kioskId: string) => (await fleet(locationId)).kiosks.find((k) => k.kioskId === kioskId);
const heartbeat = (token: string, body: object = {}) => call('/api/kiosk/heartbeat', { token, body });
const paidAtOf = async (token: string, sessionId: string): Promise<number> => (await call(`/api/sessions/${sessionId}`, { token })).body.paidAt;

/**
 * A kiosk's takings as a view made at `at` shows them: the payments of the store's day at that moment. A run across the
 * store's midnight sees the ones paid before it as yesterday's.
 */
const takingsAt = (at: number, timeZone: string, payments: { paidAt: number; amount: number }[]) => {
  const amount = payments.filter((p) => storeDay(p.paidAt, timeZone) === storeDay(at, timeZone)).reduce((sum, p) => sum + p.amount, 0);
  return amount ? [{ currency: 'usd', amount }] : [];
};

/** The console's socket for one store, as a browser opens it. */
async function watchStore(locationId: string) {
  const res = await exports.default.fetch(
    new Request(`http://kiosk.test/api/admin/stores/${locationId}/live`, {
      headers: { Upgrade: 'websocket', Authorization: `Bearer ${ADMIN_TOKEN}`, Origin: 'http://kiosk.test' },
    }),
  );
  const socket = res.webSocket!;
  const views: StoreFleetView[] = [];
  socket.addEventListener('message', (event) => {
    views.push(JSON.parse(event.data as string));
  });
  socket.accept();
  return { views, socket, status: res.status };
}

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

describe("the console's live fleet, per store", () => {
  it("shows each kiosk online, its reader, its current session and today's takings, pushed within seconds", async () => {
    const kiosk = await provisionKiosk('Lobby kiosk');
    const { locationId } = kiosk.kiosk;
    await heartbeat(kiosk.token, { reader: 'connected' });
    const live = await watchStore(locationId);
    expect(live.status).toBe(101);
    await eventually(async () => live.views.length).toBeGreaterThan(0);
    expect(live.views[0]!.kiosks).toEqual([
      expect.objectContaining({ kioskId: kiosk.kioskId, name: 'Lobby kiosk', online: true, readerStatus: 'online', session: null, flags: [] }),
    ]);

    const { body: session } = await createSession(kiosk.token, [{ id: 'latte', quantity: 2 }]);
    await eventually(async () => live.views.at(-1)?.kiosks[0]?.session?.status).toBe('idle');
    expect(live.views.at(-1)!.kiosks[0]!.session).toMatchObject({ sessionId: session.sessionId, amount: 1100, currency: 'usd' });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await eventually(async () => live.views.at(-1)?.kiosks[0]?.session?.status).toBe('success');
    const paid = { paidAt: await paidAtOf(kiosk.token, session.sessionId), amount: 1100 };
    const view = live.views.at(-1)!;
    expect(view.kiosks[0]!.takingsToday).toEqual(takingsAt(view.generatedAt, 'UTC', [paid]));
    live.socket.close();
  });

  it('flags a kiosk that stops checking in, and one whose session needs an operator', async () => {
    const kiosk = await provisionKiosk('Quiet kiosk');
    const { locationId } = kiosk.kiosk;
    await heartbeat(kiosk.token);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.online).toBe(true);

    const realNow = Date.now;
    Date.now = () => realNow() + 80_000;
    try {
      await runDurableObjectAlarm(env.KIOSK.getByName(kiosk.kioskId));
    } finally {
      Date.now = realNow;
    }
    expect(await kioskIn(locationId, kiosk.kioskId)).toMatchObject({ online: false, flags: ['offline'] });
    await heartbeat(kiosk.token);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.flags).toEqual([]);

    const { body: session } = await createSession(kiosk.token);
    await stripe.paymentIntents.update(session.paymentIntentId, { amount: session.amount + 100 });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.flags).toContain('requires_attention');
  });

  it('an operator marks a session that needed them handled: its kiosk is no longer flagged, and only such a session can be', async () => {
    const kiosk = await provisionKiosk('Handled kiosk');
    const { locationId } = kiosk.kiosk;
    const handled = (sessionId: string, body?: object) => call(`/api/admin/sessions/${sessionId}/handled`, { token: ADMIN_TOKEN, method: 'POST', body });
    const { body: session } = await createSession(kiosk.token);
    expect(await handled(session.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'not_requires_attention' } } });

    await stripe.paymentIntents.update(session.paymentIntentId, { amount: session.amount + 100 });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.flags).toContain('requires_attention');
    expect(await handled(session.sessionId, { note: 'x' })).toMatchObject({ status: 400 });

    const first = await handled(session.sessionId);
    expect(first).toMatchObject({ status: 200, body: { session: { status: 'requires_attention' }, handledAt: expect.any(Number) } });
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.flags).not.toContain('requires_attention');
    expect((await handled(session.sessionId)).body.handledAt).toBe(first.body.handledAt);
    expect((await call(`/api/admin/sessions/${session.sessionId}`, { token: ADMIN_TOKEN })).body.handledAt).toBe(first.body.handledAt);
  });

  it("counts a kiosk's takings on its store's own day, not UTC's", async () => {
    // UTC+14: the store's day starts at 10:00 UTC, so a payment some hours ago is on one day and not the other.
    const timeZone = 'Pacific/Kiritimati';
    const kiosk = await provisionKiosk('Dateline kiosk', { timeZone });
    const { locationId } = kiosk.kiosk;
    await heartbeat(kiosk.token);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.online).toBe(true);
    const { body: session } = await createSession(kiosk.token, [{ id: 'latte', quantity: 1 }]);
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.session?.status).toBe('success');
    const paid = { paidAt: await paidAtOf(kiosk.token, session.sessionId), amount: 550 };
    const first = await fleet(locationId);
    expect(first.kiosks[0]!.takingsToday).toEqual(takingsAt(first.generatedAt, timeZone, [paid]));

    // An earlier payment whose store day and UTC day disagree about being today, as its checkout reports it.
    const now = Date.now();
    const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
    const localDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
    const paidAt = Array.from({ length: 23 }, (_, h) => now - (h + 1) * 3_600_000).find(
      (at) => (localDay(at) === localDay(now)) !== (utcDay(at) === utcDay(now)),
    )!;
    await env.STORE_FLEET.getByName(locationId).sessionChanged(locationId, {
      sessionId: `cs_${crypto.randomUUID().replaceAll('-', '')}`,
      kioskId: kiosk.kioskId,
      status: 'success',
      amount: 1000,
      tip: 0,
      refunded: 0,
      currency: 'usd',
      createdAt: paidAt - 60_000,
      paidAt,
      orderNumber: 7,
      timeZone,
      revision: 1,
    });
    const view = await fleet(locationId);
    expect(view.kiosks[0]!.takingsToday).toEqual(takingsAt(view.generatedAt, timeZone, [paid, { paidAt, amount: 1000 }]));
    // The kiosk's current session is still its newest one.
    expect(view.kiosks[0]!.session?.sessionId).toBe(session.sessionId);
  });

  it('flags a kiosk that has never checked in as offline, in the view and to a console already watching', async () => {
    const watched = await provisionKiosk('Already running');
    const { locationId } = watched.kiosk;
    await heartbeat(watched.token);
    const live = await watchStore(locationId);
    await eventually(async () => live.views.at(-1)?.kiosks.length).toBe(1);

    const fresh = await provisionKiosk('Never switched on', { locationId });
    await eventually(async () => live.views.at(-1)?.kiosks.find((k) => k.kioskId === fresh.kioskId)).toMatchObject({
      online: false,
      lastSeenAt: null,
      flags: ['offline'],
    });
    expect(await kioskIn(locationId, fresh.kioskId)).toMatchObject({ online: false, flags: ['offline'] });
    live.socket.close();
  });

  it('a console that leaves closes its live fleet cleanly: the store answers its close, with or without a code', async () => {
    const kiosk = await provisionKiosk('Left behind kiosk');
    for (const close of [(s: WebSocket) => s.close(), (s: WebSocket) => s.close(1000, 'page left')]) {
      const live = await watchStore(kiosk.kiosk.locationId);
      await eventually(async () => live.views.length).toBeGreaterThan(0);
      const closed = { code: null as number | null, clean: false };
      live.socket.addEventListener('close', (event) => Object.assign(closed, { code: event.code, clean: event.wasClean }));
      close(live.socket);
      await eventually(async () => closed).toMatchObject({ code: expect.any(Number), clean: true });
    }
  });

  it("the heartbeat answers the kiosk's configuration, and a kiosk already online adds nothing for its store", async () => {
    const kiosk = await provisionKiosk('Beating kiosk');
    const beat = await heartbeat(kiosk.token);
    expect(beat).toMatchObject({ status: 200, body: { kioskId: kiosk.kioskId, readerMode: expect.any(String) } });
    const before = await kioskIn(kiosk.kiosk.locationId, kiosk.kioskId);
    await heartbeat(kiosk.token);
    expect(await kioskIn(kiosk.kiosk.locationId, kiosk.kioskId)).toEqual(before);
    expect((await heartbeat(kiosk.token, { reader: 'maybe' })).status).toBe(400);
  });

  it('a reader replaced after it went offline is not flagged offline: the flag belongs to the reader it was seen on', async () => {
    const kiosk = await serverDrivenKiosk();
    const { locationId } = kiosk.kiosk;
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    expect((await start(kiosk.token)).status).toBe(503);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.flags).toContain('reader_offline');

    const admin = (path: string, method: string, body?: object) => call(`/api/admin/kiosks/${kiosk.kioskId}${path}`, { token: ADMIN_TOKEN, method, body });
    expect((await admin(`/readers/${kiosk.readerId}`, 'DELETE')).status).toBe(200);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.readerId).toBeNull();
    expect(await kioskIn(locationId, kiosk.kioskId)).toMatchObject({ readerStatus: null, flags: expect.not.arrayContaining(['reader_offline']) });

    const registered = await admin('/readers', 'POST', { registrationCode: 'simulated-wpe' });
    expect(registered.status).toBe(201);
    await eventually(async () => (await kioskIn(locationId, kiosk.kioskId))?.readerId).toBe(registered.body.reader.id);
    expect(await kioskIn(locationId, kiosk.kioskId)).toMatchObject({ readerStatus: 'online', flags: expect.not.arrayContaining(['reader_offline']) });
  });

  it("names a store whose Location is further down Stripe's list than its first page", async () => {
    const kiosk = await provisionKiosk('Early store');
    // Stripe lists the newest first: 100 Locations made later push the store's off the first page of 100.
    for (let i = 0; i < 100; i++) {
      await stripe.terminal.locations.create({
        display_name: `Later store ${i}`,
        address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
      });
    }
    await eventually(async () =>
      (await call('/api/admin/stores', { token: ADMIN_TOKEN })).body.stores.find((s: { locationId: string }) => s.locationId === kiosk.kiosk.locationId),
    ).toMatchObject({ name: 'Early store', country: 'US' });
  });

  it('lists the stores with their kiosks, and keeps other origins and non-operators out of the live view', async () => {
    const kiosk = await provisionKiosk('Listed kiosk');
    await eventually(async () =>
      (await call('/api/admin/stores', { token: ADMIN_TOKEN })).body.stores.find((s: { locationId: string }) => s.locationId === kiosk.kiosk.locationId),
    ).toMatchObject({ name: 'Listed kiosk', kioskCount: 1, country: 'US' });
    const path = `/api/admin/stores/${kiosk.kiosk.locationId}/live`;
    const foreign = await call(path, { token: ADMIN_TOKEN, headers: { Upgrade: 'websocket', Origin: 'https://evil.example' } });
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: 'cross_origin' } } });
    expect((await call(path, { token: kiosk.token, headers: { Upgrade: 'websocket' } })).status).toBe(401);
  });
});
