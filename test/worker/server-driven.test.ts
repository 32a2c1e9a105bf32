import { runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, provisionKiosk, readerAtStripe, stripe } from './kiosk-client.ts';
import { sessionReference } from '../../shared/session-reference.ts';
import { DECLINED, eventually, present, serverDrivenKiosk, start, view, VISA } from './server-driven-client.ts';
import { eventFor, faultsFired, postWebhook, simulator } from './stripe-test-controls.ts';

/**
 * A create the reader refused names the checkout it opened and ended, for the kiosk to show its reference: the kiosk
 * sees it cancelled (`reader_unavailable`), and staff find it by that reference.
 */
async function expectEndedFor(token: string, sessionId: string) {
  expect(sessionId).toMatch(/^cs_/);
  expect(await view(token, sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'reader_unavailable' });
  const reference = sessionReference(sessionId);
  await eventually(async () => (await call(`/api/admin/sessions?reference=${reference}`, { token: ADMIN_TOKEN })).body.sessions.map((s: { sessionId: string }) => s.sessionId)).toContain(sessionId);
}

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

afterEach(async () => {
  await simulator('DELETE', 'faults');
});

describe('server-driven mode: the checkout drives the reader', () => {
  it('creating a session shows the cart on the reader and hands it the PaymentIntent: 201 waiting_card, no client secret', async () => {
    const kiosk = await serverDrivenKiosk();
    const config = (await call('/api/kiosk', { token: kiosk.token })).body;
    expect(config).toMatchObject({ readerMode: 'server-driven', readerId: expect.stringMatching(/^tmr_/) });
    const res = await start(kiosk.token, [{ id: 'latte', quantity: 2 }, { id: 'bagel', quantity: 1 }]);
    expect(res).toMatchObject({ status: 201, body: { status: 'waiting_card', readerMode: 'server-driven', clientSecret: '', amount: 1400 } });
    const reader = await readerAtStripe(kiosk.readerId);
    expect(reader.action).toMatchObject({
      type: 'process_payment_intent',
      status: 'in_progress',
      process_payment_intent: { payment_intent: res.body.paymentIntentId, process_config: { enable_customer_cancellation: true, skip_tipping: true } },
    });
    const events = await stripe.events.list({ type: 'terminal.reader.action_succeeded', limit: 100 });
    const shown = events.data.map((e) => (e.data.object as { action?: { set_reader_display?: { cart?: unknown } } }).action?.set_reader_display?.cart).find(Boolean);
    // Stripe's set_reader_display: a line item's `amount` is "The price of the item", shown beside its quantity.
    expect(shown).toMatchObject({
      currency: 'usd',
      total: 1400,
      line_items: [
        { description: 'Café Latte (Regular, Hot, Whole milk)', amount: 550, quantity: 2 },
        { description: 'Bagel', amount: 300, quantity: 1 },
      ],
    });
  });

  it("a replayed create of an earlier order never takes the reader from the kiosk's current one", async () => {
    const kiosk = await serverDrivenKiosk();
    const first = { 'Idempotency-Key': `first-${crypto.randomUUID()}` };
    const { body: cancelled } = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], first);
    await call(`/api/sessions/${cancelled.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    const { body: current } = await start(kiosk.token, [{ id: 'latte', quantity: 1 }]);
    expect(current.status).toBe('waiting_card');

    const replayed = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], first);
    expect(replayed).toMatchObject({ status: 409, body: { error: { code: 'session_cancelled' } } });
    expect(await view(kiosk.token, current.sessionId)).toMatchObject({ status: 'waiting_card' });
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({
      type: 'process_payment_intent',
      status: 'in_progress',
      process_payment_intent: { payment_intent: current.paymentIntentId },
    });
    // The current order's card still pays it, and its webhooks still reach it.
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, current.sessionId)).status).toBe('success');
  });

  it('a create retried with its Idempotency-Key while the first is still handing the payment over gets the same answer: 201 waiting_card', async () => {
    const kiosk = await serverDrivenKiosk();
    const key = { 'Idempotency-Key': `slow-${crypto.randomUUID()}` };
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/set_reader_display', kind: 'timeout', delayMs: 1_000, count: 1 });
    const first = start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    // The kiosk gave up waiting and sends its create again, with the same key.
    await eventually(async () => (await faultsFired())[0]).toBe(1);
    const retried = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    expect(retried).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
    expect(await first).toMatchObject({ status: 201, body: { sessionId: retried.body.sessionId, status: 'waiting_card' } });
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, retried.body.sessionId)).status).toBe('success');
  });

  it('a create retried with its Idempotency-Key after its checkout restarted mid-hand-over (a deploy) reaches the reader: 201 waiting_card, and the card pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const key = { 'Idempotency-Key': `cut-${crypto.randomUUID()}` };
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/set_reader_display', kind: 'timeout', delayMs: 2_500, count: 1 });
    const first = start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    await eventually(faultsFired).toEqual([1]);
    const sessionId = (await stripe.paymentIntents.list({ limit: 100 })).data.find((pi) => pi.metadata.kioskId === kiosk.kioskId)?.metadata.sessionId;
    await runInDurableObject(env.CHECKOUT_SESSION.getByName(sessionId!), (_object, state) => state.abort('deploy')).catch(() => undefined);
    await first.catch(() => undefined);

    // The kiosk was answered 5xx (or nothing), and asks again with the same key.
    const retried = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    expect(retried).toMatchObject({ status: 201, body: { sessionId, status: 'waiting_card' } });
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, sessionId!)).status).toBe('success');
  });

  it('a create retried while the first is still finding the reader offline is refused as the first is: 503 reader_offline', async () => {
    const kiosk = await serverDrivenKiosk();
    const key = { 'Idempotency-Key': `offline-${crypto.randomUUID()}` };
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'timeout', delayMs: 1_000, count: 1 });
    const first = start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    await eventually(async () => (await faultsFired())[0]).toBe(1);
    const retried = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    expect(retried).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    expect(await first).toMatchObject({ status: 503, body: { error: { code: 'reader_offline', sessionId: retried.body.error.sessionId } } });
    const mine = (await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kiosk.kioskId);
    expect(mine.map((pi) => pi.status)).toEqual(['canceled']);
  });

  it('a card on the reader pays the session without any call from the kiosk (webhooks)', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ receipt: { last4: '4242' }, tip: 0 });
  });

  it('with every webhook lost, reading the reader and the PaymentIntent settles it within seconds', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it("a kiosk's progress keeps the session alive but never moves it: the reader is still read, and the card pays", async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    // The kiosk only follows the session in this mode: its hints are proof of life, not the reader's state.
    for (const status of ['connecting', 'processing', 'waiting_card']) {
      const hinted = await call(`/api/sessions/${session.sessionId}/progress`, { token: kiosk.token, body: { status } });
      expect(hinted).toMatchObject({ status: 200, body: { status: 'waiting_card' } });
      expect(hinted.body.expiresAt).toBeGreaterThanOrEqual(session.expiresAt);
    }
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('a kiosk reporting a stale status after a decline does not make the session wait for a card the reader no longer asks for', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    const hinted = await call(`/api/sessions/${session.sessionId}/progress`, { token: kiosk.token, body: { status: 'waiting_card' } });
    expect(hinted).toMatchObject({ status: 200, body: { status: 'failed', declineCode: 'generic_decline' } });
    // Another card still needs the retry that hands the payment back to the reader.
    expect((await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' })).body.status).toBe('waiting_card');
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('a decline leaves the session failed; retry hands the same PaymentIntent to the reader, and the next card pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    expect((await view(kiosk.token, session.sessionId)).declineCode).toBe('generic_decline');
    const retried = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'waiting_card', paymentIntentId: session.paymentIntentId } });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    expect((await stripe.charges.list({ payment_intent: session.paymentIntentId })).data.map((c) => c.status).sort()).toEqual(['failed', 'succeeded']);
  });

  it('a retry sent as soon as the reader declined the card, before the session heard of it, hands the payment back: the next card pays', async () => {
    // Webhooks held: only the reader knows of the decline when the retry comes.
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    expect((await present(kiosk.token, kiosk.readerId, DECLINED)).body.reader.action).toMatchObject({ status: 'failed' });
    const retried = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'waiting_card', paymentIntentId: session.paymentIntentId } });
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({
      type: 'process_payment_intent',
      status: 'in_progress',
      process_payment_intent: { payment_intent: session.paymentIntentId },
    });
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it("a late word about the declined card, read while a retry hands the payment over again, does not fail the retry", async () => {
    // Webhooks held: the session learns of the decline by reading the reader, and a late copy of the reader's
    // action_failed comes in the middle of the retry.
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    const declined = await readerAtStripe(kiosk.readerId);

    // The retry shows the cart, whose answer is slow; the read of the PaymentIntent that the late word causes is slower.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/set_reader_display', kind: 'timeout', delayMs: 1_500, count: 1 });
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/payment_intents/*', kind: 'timeout', delayMs: 2_500, count: 1 });
    const retried = call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    await eventually(async () => (await readerAtStripe(kiosk.readerId)).action?.type).toBe('set_reader_display');
    const late = await postWebhook(JSON.stringify(eventFor('terminal.reader.action_failed', declined)));
    expect(late.status).toBe(200);
    expect(await retried).toMatchObject({ status: 200, body: { status: 'waiting_card' } });

    // The reader waits for the next card, and so does the session.
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ status: 'waiting_card' });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('cancel at the kiosk takes the payment back from the reader and cancels the PaymentIntent', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const cancelled = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('cancel after the card was taken is 409 already_paid', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, VISA);
    const cancelled = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 409, body: { error: { code: 'already_paid' } } });
  });

  it('a customer who cancels on the reader ends the session cancelled', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await simulator('POST', `readers/${kiosk.readerId}/customer-cancel`);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ cancellationReason: 'customer' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('an offline reader gives 503 reader_offline, and nothing is left chargeable', async () => {
    const kiosk = await serverDrivenKiosk();
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    const res = await start(kiosk.token);
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    const mine = (await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kiosk.kioskId);
    expect(mine.map((pi) => pi.status)).toEqual(['canceled']);
    await expectEndedFor(kiosk.token, res.body.error.sessionId);
  });

  it('a busy reader gives 409 reader_busy, and nothing is left chargeable', async () => {
    const kiosk = await serverDrivenKiosk();
    const other = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processPaymentIntent(kiosk.readerId, { payment_intent: other.id });
    const res = await start(kiosk.token);
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'reader_busy' } } });
    const mine = (await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kiosk.kioskId);
    expect(mine.map((pi) => pi.status)).toEqual(['canceled']);
    await expectEndedFor(kiosk.token, res.body.error.sessionId);
  });

  it('when Stripe cannot create the PaymentIntent, nothing reaches the reader to pay; the retried create hands it over', async () => {
    const kiosk = await serverDrivenKiosk();
    const key = { 'Idempotency-Key': `retry-${crypto.randomUUID()}` };
    // Every try the worker makes (the SDK retries a 500 twice) fails.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    const failed = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    expect(failed).toMatchObject({ status: 502 });
    expect((await readerAtStripe(kiosk.readerId)).action?.type).not.toBe('process_payment_intent');
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kiosk.kioskId)).toEqual([]);

    await simulator('DELETE', 'faults');
    const retried = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    expect(retried).toMatchObject({ status: 201, body: { status: 'waiting_card', amount: 300 } });
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({
      type: 'process_payment_intent',
      process_payment_intent: { payment_intent: retried.body.paymentIntentId },
    });
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, retried.body.sessionId)).status).toBe('success');
  });

  it('a cart Stripe failed to show with a 500 it keeps under the key, while the PaymentIntent could not be created, goes up under a new key on the retried create: the card pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const key = { 'Idempotency-Key': `retry-${crypto.randomUUID()}` };
    // Stripe began showing the cart and failed: it replays that 500 to every request under the same key for a day.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/set_reader_display', kind: 'saved_error_500', count: 1 });
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    expect(await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key)).toMatchObject({ status: 502 });

    await simulator('DELETE', 'faults');
    const retried = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }], key);
    expect(retried).toMatchObject({ status: 201, body: { status: 'waiting_card', amount: 300 } });
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, retried.body.sessionId)).status).toBe('success');
  });

  it('a kiosk without a reader cannot start a server-driven payment (409 no_reader)', async () => {
    const kiosk = await provisionKiosk('No reader', { readerMode: 'server-driven' }, { reader: false });
    expect(await start(kiosk.token)).toMatchObject({ status: 409, body: { error: { code: 'no_reader' } } });
  });

  it('a kiosk whose reader Stripe no longer has (deleted in the Dashboard) is told no_reader (409), and nothing is left chargeable', async () => {
    const kiosk = await serverDrivenKiosk();
    await stripe.terminal.readers.del(kiosk.readerId);
    const res = await start(kiosk.token);
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'no_reader' } } });
    const mine = (await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kiosk.kioskId);
    expect(mine.map((pi) => pi.status)).toEqual(['canceled']);
    await expectEndedFor(kiosk.token, res.body.error.sessionId);
  });

  it('a reader removed while the customer is at it ends the checkout (reader_unavailable) instead of waiting for a card it can never take', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const removed = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers/${kiosk.readerId}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(removed.status).toBe(200);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ cancellationReason: 'reader_unavailable' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('a kiosk disabled while its customer is at the reader ends the checkout: the reader stops asking and nothing is left chargeable', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
    const disabled = await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(disabled.status).toBe(200);
    await eventually(async () => (await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
    const { body: detail } = await call(`/api/admin/sessions/${session.sessionId}`, { token: ADMIN_TOKEN });
    expect(detail.session).toMatchObject({ status: 'cancelled', cancellationReason: 'operator' });
  });

  it('a kiosk disabled while its checkout restarts mid-cancel (a deploy) still ends it: the reader stops asking, nothing is left chargeable', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    expect(session.status).toBe('waiting_card');
    // The checkout's cancel first reads the reader, slowly; the object restarts meanwhile (storage kept, work lost).
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/terminal/readers/*', kind: 'timeout', delayMs: 2_500, count: 1 });
    expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' })).status).toBe(200);
    await eventually(faultsFired).toEqual([1]);
    await runInDurableObject(env.CHECKOUT_SESSION.getByName(session.sessionId), (_object, state) => state.abort('deploy')).catch(() => undefined);

    // Within seconds, not at the session's 5-minute expiry: the customer at the reader must not pay a disabled kiosk.
    await eventually(async () => (await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    await eventually(async () => (await readerAtStripe(kiosk.readerId)).action).toBeNull();
    const { body: detail } = await call(`/api/admin/sessions/${session.sessionId}`, { token: ADMIN_TOKEN });
    expect(detail.session).toMatchObject({ status: 'cancelled', cancellationReason: 'operator' });
  });

  it("a reader's webhook arriving while the alarm is reading the reader is acted on, not lost in the older read", async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    // The alarm's first read of the reader sees it waiting for the card, and its answer is slow.
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/terminal/readers/*', kind: 'timeout', delayMs: 2_500, count: 1 });
    await eventually(faultsFired).toEqual([1]);
    // Meanwhile the customer cancels on the reader, and Stripe says so.
    await simulator('POST', `readers/${kiosk.readerId}/customer-cancel`);
    const cancelledOnReader = await readerAtStripe(kiosk.readerId);
    expect(cancelledOnReader.action).toMatchObject({ status: 'failed', failure_code: 'customer_canceled' });
    expect((await postWebhook(JSON.stringify(eventFor('terminal.reader.action_failed', cancelledOnReader)))).status).toBe(200);
    // Acknowledged once acted on: the session ended with it.
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
  });

  it("a card declined before the reader's slow answer to the hand-over comes back leaves the session failed, not waiting", async () => {
    const kiosk = await serverDrivenKiosk();
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/process_payment_intent', kind: 'timeout', delayMs: 2_500, count: 1 });
    const started = start(kiosk.token);
    await eventually(async () => (await readerAtStripe(kiosk.readerId)).action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
    expect((await present(kiosk.token, kiosk.readerId, DECLINED)).status).toBe(200);
    const { body: session } = await started;
    expect(session).toMatchObject({ status: 'failed', declineCode: 'generic_decline' });
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ status: 'failed', declineCode: 'generic_decline' });
  });

  it('a payment canceled in the Dashboard ends the session and stops the reader asking for its card', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await stripe.paymentIntents.cancel(session.paymentIntentId);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('cancelled');
    await eventually(async () => (await readerAtStripe(kiosk.readerId)).action?.status).not.toBe('in_progress');
  });

  it('a retry after a decline, once the payment was canceled in the Dashboard (its webhook not here yet), ends the session cancelled and leaves no cart on the reader', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    await simulator('POST', 'webhooks', { mode: 'paused' });
    await stripe.paymentIntents.cancel(session.paymentIntentId);
    const retried = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'payment_intent_canceled' } });
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
  });

  it('duplicated and reordered reader webhooks still end in one success', async () => {
    await simulator('POST', 'webhooks', { mode: 'duplicated' });
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await simulator('POST', 'webhooks', { mode: 'reordered', delayMs: 300 });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    expect((await stripe.charges.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
  });
});

describe('tipping on the reader', () => {
  it("is off by default; turned on for a kiosk, the reader offers it and the session records the tip", async () => {
    const kiosk = await serverDrivenKiosk({ tipping: true });
    const { body: session } = await start(kiosk.token);
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({
      process_payment_intent: { process_config: { skip_tipping: false } },
    });
    await call(`/api/simulated-reader/readers/${kiosk.readerId}/present`, { token: kiosk.token, body: { cardNumber: VISA } });
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    // The simulated customer tips nothing unless asked; an operator's kiosk settings show tipping on.
    const settings = (await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.kiosk;
    expect(settings.tipping).toBe(true);
  });

  it('a tip added on the reader is recorded on the session and its payment is not mistaken for a mismatch', async () => {
    const kiosk = await serverDrivenKiosk({ tipping: true });
    const { body: session } = await start(kiosk.token);
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId, { card_present: { number: VISA }, amount_tip: 100 });
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ amount: 550, tip: 100 });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).amount).toBe(650);
    // Operators' list says it too: a refund of the whole 6.50 is no longer more than the list's total.
    await eventually(async () => (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0])
      .toMatchObject({ sessionId: session.sessionId, status: 'success', amount: 550, tip: 100 });
  });

  it("a tip given with a declined card is not added to the next card's tip", async () => {
    const kiosk = await serverDrivenKiosk({ tipping: true });
    const { body: session } = await start(kiosk.token);
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId, { card_present: { number: DECLINED }, amount_tip: 100 });
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId, { card_present: { number: VISA }, amount_tip: 200 });
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ amount: 550, tip: 200 });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).amount).toBe(750);
  });

  it('a kiosk with tipping turned off skips it on the reader, even where its store offers tipping', async () => {
    const kiosk = await serverDrivenKiosk({ tipping: true });
    await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { tipping: false } });
    const { body: session } = await start(kiosk.token);
    // The reader's Location still offers tipping, but this kiosk's payments skip it: nothing can be tipped.
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId, { card_present: { number: VISA }, amount_tip: 100 });
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
    expect((await view(kiosk.token, session.sessionId)).tip).toBe(0);
  });

  it('an SDK-mode kiosk at a store that offers tipping never asks for a tip: the payment is the cart, and it stays paid', async () => {
    const tipping = await serverDrivenKiosk({ tipping: true });
    const sdk = await provisionKiosk('SDK kiosk', { readerMode: 'js-sdk', locationId: tipping.kiosk.locationId });
    const { body: session } = await start(sdk.token);
    const reader = (await call('/api/kiosk', { token: sdk.token })).body.readerId as string;
    const base = `/api/simulated-reader/readers/${reader}`;
    expect((await call(`${base}/collect`, { token: sdk.token, body: { paymentIntentId: session.paymentIntentId } })).status).toBe(200);
    expect((await readerAtStripe(reader)).action).toMatchObject({ collect_payment_method: { collect_config: { skip_tipping: true } } });
    // The customer would tip if asked; the reader does not ask.
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { card_present: { number: VISA }, amount_tip: 100 });
    await call(`${base}/confirm`, { token: sdk.token, body: { paymentIntentId: session.paymentIntentId } });
    const done = await call(`/api/sessions/${session.sessionId}/complete`, { token: sdk.token, body: { paymentIntentId: session.paymentIntentId } });
    expect(done.body).toMatchObject({ success: true, status: 'success' });
    expect(await view(sdk.token, session.sessionId)).toMatchObject({ amount: 550, tip: 0, refunded: 0 });
  });
});

describe('the live channel', () => {
  /** Opens the session's WebSocket through the worker, as a browser does with the URL from POST /live. */
  async function openLive(url: string) {
    const res = await exports.default.fetch(new Request(url.replace(/^ws/, 'http'), { headers: { Upgrade: 'websocket' } }));
    const socket = res.webSocket;
    if (!socket) return { status: res.status, messages: [] as unknown[], closed: Promise.resolve() };
    const messages: unknown[] = [];
    let closedResolve: () => void;
    const closed = new Promise<void>((resolve) => (closedResolve = resolve));
    socket.addEventListener('message', (event) => {
      messages.push(JSON.parse(event.data as string));
    });
    socket.addEventListener('close', () => closedResolve());
    socket.accept();
    return { status: res.status, messages, closed, socket };
  }

  const liveUrl = async (token: string, sessionId: string) =>
    (await call(`/api/sessions/${sessionId}/live`, { token, method: 'POST' })).body.url as string;

  it('sends the view at once, then every change, and closes after the final one', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const url = await liveUrl(kiosk.token, session.sessionId);
    expect(url).toMatch(new RegExp(`^ws://kiosk\\.test/api/sessions/${session.sessionId}/live\\?ticket=[0-9a-f]{48}$`));
    const live = await openLive(url);
    expect(live.status).toBe(101);
    await eventually(async () => live.messages.length).toBe(1);
    expect(live.messages[0]).toEqual(await view(kiosk.token, session.sessionId));
    await present(kiosk.token, kiosk.readerId, VISA);
    await live.closed;
    expect(live.messages.at(-1)).toMatchObject({ status: 'success', receipt: { last4: '4242' } });
    // The payment and its order number come in one message: no success without its number before it.
    const paid = live.messages.filter((m) => (m as { status: string }).status === 'success');
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ orderNumber: expect.any(Number) });
  });

  it('a kiosk that leaves its live channel closes it cleanly: the checkout answers its close', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const live = await openLive(await liveUrl(kiosk.token, session.sessionId));
    await eventually(async () => live.messages.length).toBe(1);
    const closed = { code: null as number | null, clean: false };
    live.socket!.addEventListener('close', (e) => Object.assign(closed, { code: e.code, clean: e.wasClean }));
    live.socket!.close();
    await eventually(async () => closed).toMatchObject({ code: 1000, clean: true });
  });

  it("answers a kiosk's ping with pong, keeping an idle socket open", async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const res = await exports.default.fetch(new Request((await liveUrl(kiosk.token, session.sessionId)).replace(/^ws/, 'http'), { headers: { Upgrade: 'websocket' } }));
    const socket = res.webSocket!;
    const texts: string[] = [];
    socket.addEventListener('message', (event) => {
      texts.push(event.data as string);
    });
    socket.accept();
    await eventually(async () => texts.length).toBe(1);
    socket.send('ping');
    await eventually(async () => texts.at(-1)).toBe('pong');
    socket.close();
  });

  it('a ticket works once, for its own session, within 30 seconds, and only for the kiosk that asked', async () => {
    const kiosk = await serverDrivenKiosk();
    const other = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const { body: otherSession } = await start(other.token);
    const url = await liveUrl(kiosk.token, session.sessionId);
    expect((await openLive(url)).status).toBe(101);
    expect((await openLive(url)).status).toBe(401);
    const forOther = (await liveUrl(kiosk.token, session.sessionId)).replace(session.sessionId, otherSession.sessionId);
    expect((await openLive(forOther)).status).toBe(401);
    expect((await call(`/api/sessions/${session.sessionId}/live`, { token: other.token, method: 'POST' })).status).toBe(404);
    expect((await openLive(url.replace(/ticket=\w+/, 'ticket=' + '0'.repeat(48)))).status).toBe(401);
    const plain = await call(`/api/sessions/${session.sessionId}/live`, { token: null });
    expect(plain).toMatchObject({ status: 426, body: { error: { code: 'upgrade_required' } } });
  });

  it('a ticket older than 30 seconds is refused', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    const url = await liveUrl(kiosk.token, session.sessionId);
    const realNow = Date.now;
    Date.now = () => realNow() + 31_000;
    try {
      expect((await openLive(url)).status).toBe(401);
    } finally {
      Date.now = realNow;
    }
  });

  it('serves SDK-mode sessions too: a webhook that settles the payment reaches the tablet', async () => {
    const kiosk = await provisionKiosk('SDK kiosk', { readerMode: 'js-sdk' });
    const { body: session } = await start(kiosk.token);
    expect(session.clientSecret).toMatch(/_secret_/);
    const live = await openLive(await liveUrl(kiosk.token, session.sessionId));
    const { readerId } = (await call('/api/kiosk', { token: kiosk.token })).body;
    await stripe.terminal.readers.processPaymentIntent(readerId, { payment_intent: session.paymentIntentId });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { card_present: { number: VISA } });
    await live.closed;
    expect(live.messages.at(-1)).toMatchObject({ status: 'success' });
  });
});

describe('readers, as operators register them', () => {
  it('registers a simulated WisePOS E at the kiosk\'s Location, lists it, and deletes it at Stripe', async () => {
    const kiosk = await provisionKiosk('Reader kiosk', {}, { reader: false });
    const registered = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, {
      token: ADMIN_TOKEN,
      body: { registrationCode: 'simulated-wpe', label: 'Front counter' },
    });
    expect(registered).toMatchObject({
      status: 201,
      body: { reader: { id: expect.stringMatching(/^tmr_/), label: 'Front counter', deviceType: 'simulated_wisepos_e', status: 'online' } },
    });
    const readerId = registered.body.reader.id;
    expect((await stripe.terminal.readers.retrieve(readerId))).toMatchObject({ location: kiosk.kiosk.locationId });
    expect((await call('/api/kiosk', { token: kiosk.token })).body.readerId).toBe(readerId);
    expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN })).body.readers.map((r: { id: string }) => r.id)).toEqual([readerId]);

    const second = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN, body: { registrationCode: 'simulated-wpe' } });
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'reader_already_bound' } } });

    const deleted = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers/${readerId}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await call('/api/kiosk', { token: kiosk.token })).body.readerId).toBeNull();
    const atLocation = await stripe.terminal.readers.list({ location: kiosk.kiosk.locationId });
    expect(atLocation.data.map((r) => r.id)).not.toContain(readerId);
  });

  it('refuses an unknown registration code, another kiosk\'s reader, and unknown kiosks', async () => {
    const kiosk = await provisionKiosk('Bare kiosk', {}, { reader: false });
    const other = await provisionKiosk();
    const { readerId } = (await call('/api/kiosk', { token: other.token })).body;
    const bad = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers`, { token: ADMIN_TOKEN, body: { registrationCode: 'not-a-code' } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_registration_code' } } });
    const theirs = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers/${readerId}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(theirs).toMatchObject({ status: 404, body: { error: { code: 'reader_not_found' } } });
    const unbound = await call(`/api/admin/kiosks/${other.kioskId}/readers/${readerId}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(unbound.status).toBe(200);
    const notMine = await call(`/api/admin/kiosks/${kiosk.kioskId}/readers/tmr_doesnotexist`, { token: ADMIN_TOKEN, method: 'DELETE' });
    expect(notMine).toMatchObject({ status: 404, body: { error: { code: 'reader_not_found' } } });
    const nobody = await call('/api/admin/kiosks/ki_000000000000000000000000/readers', { token: ADMIN_TOKEN });
    expect(nobody).toMatchObject({ status: 404, body: { error: { code: 'kiosk_not_found' } } });
  });
});

describe('one reader, one payment at a time', () => {
  it("the next customer's order ends a walked-away customer's session, which held the reader, instead of a busy reader", async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: walkedAway } = await start(kiosk.token);
    const next = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }]);
    expect(next).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
    expect(await view(kiosk.token, walkedAway.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'superseded' });
    expect((await stripe.paymentIntents.retrieve(walkedAway.paymentIntentId)).status).toBe('canceled');
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, next.body.sessionId)).status).toBe('success');
  });

  it('a reader offline while its checkout was cancelled still shows that payment once back: the next order frees it and pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: walkedAway } = await start(kiosk.token);
    // The customer cancels at the kiosk while the reader is off the network: its PaymentIntent is canceled at Stripe,
    // but the reader cannot be told to give the payment back.
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    const cancelled = await call(`/api/sessions/${walkedAway.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect((await stripe.paymentIntents.retrieve(walkedAway.paymentIntentId)).status).toBe('canceled');
    await simulator('POST', `readers/${kiosk.readerId}/online`);
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({ status: 'in_progress', process_payment_intent: { payment_intent: walkedAway.paymentIntentId } });

    const next = await start(kiosk.token, [{ id: 'bagel', quantity: 1 }]);
    expect(next).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({ status: 'in_progress', process_payment_intent: { payment_intent: next.body.paymentIntentId } });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, next.body.sessionId)).status).toBe('success');
  });

  it('a reader busy with a payment that can still be paid is never taken from it', async () => {
    const kiosk = await serverDrivenKiosk();
    const other = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'] });
    await stripe.terminal.readers.processPaymentIntent(kiosk.readerId, { payment_intent: other.id });
    expect((await start(kiosk.token)).status).toBe(409);
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({ status: 'in_progress', process_payment_intent: { payment_intent: other.id } });
  });
});