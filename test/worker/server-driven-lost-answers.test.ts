import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, readerAtStripe, stripe } from './kiosk-client.ts';
import { DECLINED, eventually, present, serverDrivenKiosk, start, view, VISA } from './server-driven-client.ts';
import { faultsFired, simulator } from './stripe-test-controls.ts';

/**
 * Handing the payment to the reader when Stripe's answer never comes back: the reader may have the payment all the
 * same, and the customer may be paying on it. The session follows what the reader and the PaymentIntent say, never
 * the missing answer.
 */
const PROCESS = '/v1/terminal/readers/*/process_payment_intent';
const loseEveryAnswer = () => simulator('POST', 'faults', { method: 'POST', path: PROCESS, kind: 'lose_response', count: 3 });
/** The first answer comes after the worker stopped waiting (5 s); the answers to its retries are lost. */
async function lateAnswers() {
  await simulator('POST', 'faults', { method: 'POST', path: PROCESS, kind: 'timeout', delayMs: 5_500, count: 1 });
  await simulator('POST', 'faults', { method: 'POST', path: PROCESS, kind: 'lose_response', count: 2 });
}

/** A create whose hand-over answer comes late, still pending once the reader has the payment (the customer may act on it). */
async function createAnsweredLate(token: string, readerId: string) {
  await lateAnswers();
  const creating = start(token);
  await eventually(async () => (await readerAtStripe(readerId)).action?.type).toBe('process_payment_intent');
  return { creating };
}

const paymentIntentsOf = async (kioskId: string) =>
  (await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.kioskId === kioskId);

/** The reader is asking for the card of this PaymentIntent. */
async function expectReaderAsksFor(readerId: string, paymentIntentId: string) {
  expect((await readerAtStripe(readerId)).action).toMatchObject({
    type: 'process_payment_intent',
    status: 'in_progress',
    process_payment_intent: { payment_intent: paymentIntentId },
  });
}

/** The customer's card pays the session on the reader, and the kiosk has that one payment. */
async function cardPays(kiosk: { token: string; readerId: string; kioskId: string }, sessionId: string) {
  expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
  await eventually(async () => (await view(kiosk.token, sessionId)).status).toBe('success');
  expect((await paymentIntentsOf(kiosk.kioskId)).map((pi) => pi.status)).toEqual(['succeeded']);
}

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

afterEach(async () => {
  await simulator('DELETE', 'faults');
});

describe('a hand-over to the reader whose answer was lost', () => {
  it('the reader took the payment: the checkout waits for the card (201), and the customer’s card pays it', async () => {
    const kiosk = await serverDrivenKiosk();
    await loseEveryAnswer();
    const created = await start(kiosk.token);
    expect(created).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
    await expectReaderAsksFor(kiosk.readerId, created.body.paymentIntentId);

    await cardPays(kiosk, created.body.sessionId);
  });

  it('after a decline, a retry the reader took waits for the next card (200), and that card pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');

    await loseEveryAnswer();
    const retried = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'waiting_card', paymentIntentId: session.paymentIntentId } });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('the customer paid before the late answer came: the kiosk is answered with the paid checkout, never a failure', async () => {
    const kiosk = await serverDrivenKiosk();
    const { creating } = await createAnsweredLate(kiosk.token, kiosk.readerId);
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);

    const created = await creating;
    expect(created).toMatchObject({ status: 201, body: { status: 'success' } });
    expect(await view(kiosk.token, created.body.sessionId)).toMatchObject({ status: 'success', amount: created.body.amount });
    expect((await paymentIntentsOf(kiosk.kioskId)).map((pi) => pi.status)).toEqual(['succeeded']);
  }, 30_000);

  it('the card was declined before the late answer came: the checkout is failed (201), and another card may pay', async () => {
    const kiosk = await serverDrivenKiosk();
    const { creating } = await createAnsweredLate(kiosk.token, kiosk.readerId);
    expect((await present(kiosk.token, kiosk.readerId, DECLINED)).status).toBe(200);

    const created = await creating;
    expect(created).toMatchObject({ status: 201, body: { status: 'failed', declineCode: 'generic_decline' } });
    expect((await paymentIntentsOf(kiosk.kioskId)).map((pi) => pi.status)).toEqual(['requires_payment_method']);
    await simulator('DELETE', 'faults');
    const retried = await call(`/api/sessions/${created.body.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'waiting_card' } });
    await present(kiosk.token, kiosk.readerId, VISA);
    await eventually(async () => (await view(kiosk.token, created.body.sessionId)).status).toBe('success');
  }, 30_000);

  it('the customer cancelled on the reader before the late answer came: the checkout is cancelled (201) and its PaymentIntent canceled', async () => {
    const kiosk = await serverDrivenKiosk();
    const { creating } = await createAnsweredLate(kiosk.token, kiosk.readerId);
    await simulator('POST', `readers/${kiosk.readerId}/customer-cancel`);

    const created = await creating;
    expect(created).toMatchObject({ status: 201, body: { status: 'cancelled', cancellationReason: 'customer' } });
    await eventually(async () => (await paymentIntentsOf(kiosk.kioskId)).map((pi) => pi.status)).toEqual(['canceled']);
  }, 30_000);

  it('after a decline, a retry whose late answer comes after the customer paid is answered with the paid checkout (200)', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');

    await lateAnswers();
    const retrying = call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    await eventually(async () => (await readerAtStripe(kiosk.readerId)).action?.status).toBe('in_progress');
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    expect(await retrying).toMatchObject({ status: 200, body: { status: 'success' } });
  }, 30_000);

  it('after a decline, a retry that never reached the reader is told as an error, never as the old decline again', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');

    // Stripe fails every try at the hand-over without doing it: the reader still shows the declined card's action.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/set_reader_display', kind: 'error_500', count: 3 });
    const retried = await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' });
    expect(retried.status).toBeGreaterThanOrEqual(500);
    expect((await readerAtStripe(kiosk.readerId)).action).toMatchObject({
      status: 'failed',
      process_payment_intent: { payment_intent: session.paymentIntentId },
    });
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ status: 'failed' });
    await simulator('DELETE', 'faults');
    expect(await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' })).toMatchObject({
      status: 200,
      body: { status: 'waiting_card' },
    });
  });

  it('the customer cancels at the kiosk while the reader is read: the create is told the checkout was cancelled (409), not of a Stripe outage', async () => {
    const kiosk = await serverDrivenKiosk();
    await loseEveryAnswer();
    // The worker's read of the reader is held open while the customer cancels, and Stripe is slow to cancel the payment.
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/terminal/readers/*', kind: 'timeout', delayMs: 1_500, count: 1 });
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'timeout', delayMs: 3_000, count: 1 });
    const creating = start(kiosk.token);
    await eventually(async () => (await faultsFired()).slice(0, 2)).toEqual([3, 1]);
    const [pi] = await paymentIntentsOf(kiosk.kioskId);
    const cancelled = await call(`/api/sessions/${pi!.metadata.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });

    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });
    const created = await creating;
    expect(await view(kiosk.token, pi!.metadata.sessionId!)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
    expect(created).toMatchObject({ status: 409, body: { error: { code: 'session_cancelled' } } });
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
    expect((await stripe.paymentIntents.retrieve(pi!.id)).status).toBe('canceled');
  });

  it('the reader did not take it and cannot be read: the checkout ends cancelled and its PaymentIntent is canceled', async () => {
    const kiosk = await serverDrivenKiosk();
    // The cart cannot be shown, so nothing reaches the reader; reading the reader fails too.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/terminal/readers/*/set_reader_display', kind: 'lose_response', count: 3 });
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/terminal/readers/*', kind: 'error_500', count: 6 });
    const res = await start(kiosk.token);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await view(kiosk.token, res.body.error.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'reader_unavailable' });
    expect((await paymentIntentsOf(kiosk.kioskId)).map((pi) => pi.status)).toEqual(['canceled']);
  });
});

describe('a hand-over the reader did not acknowledge in time (terminal_reader_timeout)', () => {
  // Stripe's server-driven guide: a reader may miss an action "because of temporary networking issues"; retry it.
  const readerTimesOut = (path: string) => simulator('POST', 'faults', { method: 'POST', path, kind: 'reader_timeout', count: 1 });

  /**
   * A create whose hand-over times out, still pending while the worker's read of the reader after the timeout is held
   * open (1.5 s): what the test does meanwhile lands during that read.
   */
  async function createWhileReaderIsRead(kiosk: { token: string; kioskId: string }) {
    await readerTimesOut(PROCESS);
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/terminal/readers/*', kind: 'timeout', delayMs: 1_500, count: 1 });
    const creating = start(kiosk.token);
    await eventually(faultsFired).toEqual([1, 1]);
    const [pi] = await paymentIntentsOf(kiosk.kioskId);
    return { creating, pi: pi! };
  }

  it('is handed over again: the checkout waits for the card (201), and the customer’s card pays it', async () => {
    const kiosk = await serverDrivenKiosk();
    await readerTimesOut(PROCESS);
    const created = await start(kiosk.token);
    expect(created).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
    await expectReaderAsksFor(kiosk.readerId, created.body.paymentIntentId);
    await cardPays(kiosk, created.body.sessionId);
  });

  it('the reader acknowledges it late, after it was read: the try made again finds it waiting for this card (201), and the card pays', async () => {
    const kiosk = await serverDrivenKiosk();
    // The worker's read of the reader after the timeout is answered slowly, with what the reader showed before…
    const { creating, pi } = await createWhileReaderIsRead(kiosk);
    // …while the reader, late, takes the payment it was sent.
    await stripe.terminal.readers.processPaymentIntent(kiosk.readerId, { payment_intent: pi.id });

    const created = await creating;
    expect(created).toMatchObject({ status: 201, body: { status: 'waiting_card', paymentIntentId: pi.id } });
    await cardPays(kiosk, created.body.sessionId);
  });

  it('a cancel that lands while the reader is read after the timeout: the try is not made again, and the reader is left showing nothing of the cancelled order', async () => {
    const kiosk = await serverDrivenKiosk();
    // The worker's read of the reader after the timeout is held open while the customer cancels at the kiosk.
    const { creating, pi } = await createWhileReaderIsRead(kiosk);
    const cancelled = await call(`/api/sessions/${pi.metadata.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });

    expect(await creating).toMatchObject({ status: 409, body: { error: { code: 'session_cancelled' } } });
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('canceled');
  });

  it('showing the cart: the checkout still reaches the reader (201)', async () => {
    const kiosk = await serverDrivenKiosk();
    await readerTimesOut('/v1/terminal/readers/*/set_reader_display');
    const created = await start(kiosk.token);
    expect(created).toMatchObject({ status: 201, body: { status: 'waiting_card' } });
  });

  it('twice in a row: the kiosk is told its reader cannot be reached (503 reader_offline, naming the ended checkout), and nothing is left payable', async () => {
    const kiosk = await serverDrivenKiosk();
    await simulator('POST', 'faults', { method: 'POST', path: PROCESS, kind: 'reader_timeout', count: 2 });
    const res = await start(kiosk.token);
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'reader_offline', sessionId: expect.stringMatching(/^cs_/) } } });
    expect(await view(kiosk.token, res.body.error.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'reader_unavailable' });
    expect((await paymentIntentsOf(kiosk.kioskId)).map((pi) => pi.status)).toEqual(['canceled']);
    // The reader is reset: it no longer shows the ended order's cart.
    expect((await readerAtStripe(kiosk.readerId)).action).toBeNull();
  });

  it('twice in a row on a retry after a decline: 503 reader_offline, and the checkout stays open for another try', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    await simulator('POST', 'faults', { method: 'POST', path: PROCESS, kind: 'reader_timeout', count: 2 });
    expect(await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' })).toMatchObject({
      status: 503,
      body: { error: { code: 'reader_offline' } },
    });
    expect(await view(kiosk.token, session.sessionId)).toMatchObject({ status: 'failed' });
  });

  it('after a decline, the retry reaches the reader (200) and the next card pays', async () => {
    const kiosk = await serverDrivenKiosk();
    const { body: session } = await start(kiosk.token);
    await present(kiosk.token, kiosk.readerId, DECLINED);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('failed');
    await readerTimesOut(PROCESS);
    expect(await call(`/api/sessions/${session.sessionId}/retry`, { token: kiosk.token, method: 'POST' })).toMatchObject({
      status: 200,
      body: { status: 'waiting_card' },
    });
    expect((await present(kiosk.token, kiosk.readerId, VISA)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, session.sessionId)).status).toBe('success');
  });
});
