import { exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, DEV_KIOSK_TOKEN, openLive, provisionKiosk, readerAtStripe, stripe } from './kiosk-client.ts';
import { DECLINED, eventually, present, serverDrivenKiosk, start, view, VISA } from './server-driven-client.ts';
import { eventFor, postWebhook, simulator } from './stripe-test-controls.ts';

/** Issue 11's contract, point by point, where the other server-driven tests do not already say it. */

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

afterEach(async () => {
  await simulator('DELETE', 'faults');
});

describe('a kiosk\'s reader mode', () => {
  it('is server-driven by default: a kiosk provisioned without one says so, with no reader until one is registered', async () => {
    const res = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'Default mode kiosk' } });
    expect(res).toMatchObject({ status: 201, body: { kiosk: { readerMode: 'server-driven', readerId: null } } });
    expect((await call('/api/kiosk', { token: res.body.token })).body).toMatchObject({ readerMode: 'server-driven', readerId: null });
  });

  it('is js-sdk when the operator asks for it, and nothing else is taken', async () => {
    const sdk = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'SDK kiosk', readerMode: 'js-sdk' } });
    expect(sdk).toMatchObject({ status: 201, body: { kiosk: { readerMode: 'js-sdk' } } });
    expect((await call('/api/kiosk', { token: sdk.body.token })).body.readerMode).toBe('js-sdk');
    const bad = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'Odd kiosk', readerMode: 'bluetooth' } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });

  it('the development kiosk of npm start comes server-driven, with a simulated WisePOS E already bound', async () => {
    const config = (await call('/api/kiosk', { token: DEV_KIOSK_TOKEN })).body;
    expect(config).toMatchObject({ kioskId: 'dev-kiosk', readerMode: 'server-driven', readerId: expect.stringMatching(/^tmr_/) });
    expect(await readerAtStripe(config.readerId)).toMatchObject({ device_type: 'simulated_wisepos_e', location: config.locationId });
    const listed = await call('/api/admin/kiosks/dev-kiosk/readers', { token: ADMIN_TOKEN });
    expect(listed.body.readers.map((r: { id: string }) => r.id)).toEqual([config.readerId]);
  });
});

describe('readers, as the console lists them', () => {
  it('each with its id, label, device type and status', async () => {
    const kiosk = await provisionKiosk('Listed reader kiosk', { readerMode: 'server-driven' }, { reader: false });
    const registered = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, {
      token: ADMIN_TOKEN,
      body: { registrationCode: 'simulated-wpe', label: 'By the door' },
    });
    expect(registered.status).toBe(201);
    const listed = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN });
    expect(listed).toMatchObject({ status: 200 });
    expect(listed.body.readers).toEqual([{ id: registered.body.reader.id, label: 'By the door', deviceType: 'simulated_wisepos_e', status: 'online' }]);
  });
});

describe('readers, as operators register them: what else the route takes', () => {
  it('a simulated S700 by its code, without a label; no code, or an unknown kiosk, refused', async () => {
    const kiosk = await provisionKiosk('S700 kiosk', { readerMode: 'server-driven' }, { reader: false });
    const registered = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN, body: { registrationCode: 'simulated-s700' } });
    expect(registered).toMatchObject({ status: 201, body: { reader: { id: expect.stringMatching(/^tmr_/), label: expect.any(String), deviceType: 'simulated_stripe_s700', status: 'online' } } });
    expect((await call('/api/kiosk', { token: kiosk.token })).body.readerId).toBe(registered.body.reader.id);
    const empty = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN, body: {} });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    const nobody = await call('/api/admin/kiosks/ki_000000000000000000000000/readers', { token: ADMIN_TOKEN, body: { registrationCode: 'simulated-wpe' } });
    expect(nobody).toMatchObject({ status: 404, body: { error: { code: 'kiosk_not_found' } } });
  });
});

describe("tipping, through the Location's Terminal Configuration", () => {
  it("a kiosk with tipping on has tipping in its currency in its Location's configuration; one without leaves the Location without", async () => {
    const plain = await provisionKiosk('No tips', { readerMode: 'server-driven' }, { reader: false });
    expect((await stripe.terminal.locations.retrieve(plain.kiosk.locationId) as { configuration_overrides?: string | null }).configuration_overrides ?? null).toBeNull();
    expect((await call(`/api/admin/kiosks/${plain.kioskId}`, { token: ADMIN_TOKEN })).body.kiosk.tipping).toBe(false);

    const tipping = await serverDrivenKiosk({ tipping: true });
    const location = (await stripe.terminal.locations.retrieve(tipping.kiosk.locationId)) as { configuration_overrides?: string | null };
    expect(location.configuration_overrides).toMatch(/^tmc_/);
    const configuration = await stripe.terminal.configurations.retrieve(location.configuration_overrides!);
    expect((configuration as { tipping?: Record<string, unknown> | null }).tipping).toHaveProperty(tipping.kiosk.currency);
  });
});

describe('the live channel follows every way a payment ends', () => {
  it('a decline, a retry and the next card: failed, waiting again, then paid, on one socket that stays open until then', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const live = await openLive(kiosk.token, session.sessionId);
    await eventually(async () => live.statuses()).toEqual(['waiting_card']);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => live.statuses().at(-1)).toBe('failed');
    expect(live.messages.at(-1)).toMatchObject({ declineCode: 'generic_decline' });
    expect((await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' })).body.status).toBe('waiting_card');
    await eventually(async () => live.statuses().at(-1)).toBe('waiting_card');
    await present(kiosk.token, kiosk.readerId, VISA);
    expect(await live.closed).toMatchObject({ code: 1000 });
    expect(live.statuses().at(-1)).toBe('success');
  });

  it('a cancel at the kiosk reaches the socket as cancelled, and it closes', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const live = await openLive(kiosk.token, session.sessionId);
    await eventually(async () => live.messages.length).toBe(1);
    expect((await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(200);
    expect(await live.closed).toMatchObject({ code: 1000 });
    expect(live.messages.at(-1)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
    // Each message is the session's view, the same JSON as GET /api/sessions/:id.
    expect(live.messages.at(-1)).toEqual(await view(kiosk.token, session.sessionId));
  });

  it('a customer who cancels on the reader: the socket says cancelled, and closes', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const live = await openLive(kiosk.token, session.sessionId);
    await eventually(async () => live.messages.length).toBe(1);
    await simulator('POST', `readers/${kiosk.readerId}/customer-cancel`);
    expect(await live.closed).toMatchObject({ code: 1000 });
    expect(live.messages.at(-1)).toMatchObject({ status: 'cancelled' });
  });

  it('a socket opened after the session ended gets its view, then closes', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    const live = await openLive(kiosk.token, session.sessionId);
    expect(await live.closed).toMatchObject({ code: 1000 });
    expect(live.messages).toEqual([await view(kiosk.token, session.sessionId)]);
  });

  it('a ticket still opens the socket 29 seconds after it was given', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const { url } = (await call(`/api/sessions/${session.sessionId}/live`, { token: kiosk.token, method: 'POST' })).body;
    const realNow = Date.now;
    Date.now = () => realNow() + 29_000;
    try {
      const res = await exports.default.fetch(new Request((url as string).replace(/^ws/, 'http'), { headers: { Upgrade: 'websocket' } }));
      expect(res.status).toBe(101);
      res.webSocket!.accept();
      res.webSocket!.close();
    } finally {
      Date.now = realNow;
    }
  });
});

describe('with every webhook lost, the worker reads the reader itself', () => {
  it('a declined card makes the session failed, with its decline code, and a retry then pays', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    expect((await view(kiosk.token, session.sessionId)).declineCode).toBe('generic_decline');
    expect((await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' })).body.status).toBe('waiting_card');
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('a customer who cancels on the reader ends the session cancelled, and its PaymentIntent is canceled', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await simulator('POST', `readers/${kiosk.readerId}/customer-cancel`);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ cancellationReason: 'customer' });
    await eventually(async () => (await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('a payment canceled in the Dashboard ends the session cancelled', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await stripe.paymentIntents.cancel(session.paymentIntentId);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('cancelled');
  });
});

describe('a retry after a decline, when the reader cannot take it', () => {
  it('offline: 503 reader_offline, the session stays failed on the same PaymentIntent, and once the reader is back a retry pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    const refused = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ status: 'failed', paymentIntentId: session.paymentIntentId });

    await simulator('POST', `readers/${kiosk.readerId}/online`);
    const retried = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'waiting_card', paymentIntentId: session.paymentIntentId } });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('busy with another payment: 409 reader_busy, the session stays failed, and the other payment keeps the reader', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    const other = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processPaymentIntent(kiosk.readerId, { payment_intent: other.id });
    const refused = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'reader_busy' } } });
    expect((await view(kiosk.token, session.sessionId)).status).toBe('failed');
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({ status: 'in_progress', process_payment_intent: { payment_intent: other.id } });
  });
});

describe("each of Stripe's webhooks alone moves the session, with nothing else heard", () => {
  const cases = [
    ['the reader\'s terminal.reader.action_succeeded', VISA, 'success'],
    ['the reader\'s terminal.reader.action_failed', DECLINED, 'failed'],
    ['the PaymentIntent\'s payment_intent.succeeded', VISA, 'success'],
    ['the PaymentIntent\'s payment_intent.payment_failed', DECLINED, 'failed'],
  ] as const;
  for (const [event, card, status] of cases) {
    it(`${event}: ${status}`, async () => {
      // Every other webhook held back: only the one posted here reaches the worker.
      await simulator('POST', 'webhooks', { mode: 'paused' });
      const kiosk = await serverDrivenKiosk();
      const { body: session } = await start(kiosk.token);
      await present(kiosk.token, kiosk.readerId, card);
      const type = event.split(' ').at(-1)!;
      const object = type.startsWith('terminal.') ? await readerAtStripe(kiosk.readerId) : await stripe.paymentIntents.retrieve(session.paymentIntentId);
      expect((await postWebhook(JSON.stringify(eventFor(type, object)))).status).toBe(200);
      // Acknowledged once acted on: the session moved with it.
      expect(await view(kiosk.token, session.sessionId)).toMatchObject(status === 'failed' ? { status, declineCode: 'generic_decline' } : { status, receipt: { last4: '4242' } });
    });
  }
});

describe("an operator's cancel from the console", () => {
  it('takes the payment back from the reader, cancels the PaymentIntent, and the kiosk hears it on its live channel', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const live = await openLive(kiosk.token, session.sessionId);
    await eventually(async () => live.messages.length).toBe(1);
    const cancelled = await call(`/api/admin/sessions/${session.sessionId}/cancel`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { session: { status: 'cancelled' } } });
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    expect(await live.closed).toMatchObject({ code: 1000 });
    expect(live.messages.at(-1)).toMatchObject({ status: 'cancelled', cancellationReason: 'operator' });
  });
});
