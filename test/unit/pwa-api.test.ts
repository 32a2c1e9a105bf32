import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, cancelSession, createSession, getKiosk, NetworkError, retrySession } from '../../pwa/src/api.ts';
import { serverNow } from '../../pwa/src/server-clock.ts';
import { retryDelay } from '../../pwa/src/timing.ts';
import { sessionView } from '../support/session-view.ts';

/** What the tablet sent, and the worker's next answers. */
let sent: Request[];
let answers: Response[];

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const KIOSK = { kioskId: 'ki_1', name: 'Front', mode: 'simulated', currency: 'usd', language: 'en', locationId: 'tml_1', readerMode: 'server-driven', readerId: 'tmr_1' };

beforeEach(() => {
  sent = [];
  answers = [];
  const stored = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
    removeItem: (key: string) => void stored.delete(key),
  });
  vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
    sent.push(new Request(new URL(input, 'https://kiosk.example'), init));
    const answer = answers.shift();
    if (!answer) throw new TypeError('Failed to fetch');
    return answer;
  });
  localStorage.setItem('kiosk.token', 'legacy-secret');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the kiosk’s calls to its worker', () => {
  it('a tablet paired before tokens named their kiosk keeps the token the worker hands back, and pays with it from then on', async () => {
    answers.push(json(KIOSK, 200, { 'Kiosk-Token': 'kt_ki_1.legacy-secret' }), json(KIOSK));
    await getKiosk();
    expect(sent[0]!.headers.get('Authorization')).toBe('Bearer legacy-secret');
    expect(localStorage.getItem('kiosk.token')).toBe('kt_ki_1.legacy-secret');
    await getKiosk();
    expect(sent[1]!.headers.get('Authorization')).toBe('Bearer kt_ki_1.legacy-secret');
  });

  it('a tablet paired again while a call was under way keeps its new token', async () => {
    let answer!: (response: Response) => void;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)));
    const pending = getKiosk();
    localStorage.setItem('kiosk.token', 'kt_ki_2.paired-again');
    answer(json(KIOSK, 200, { 'Kiosk-Token': 'kt_ki_1.legacy-secret' }));
    await pending;
    expect(localStorage.getItem('kiosk.token')).toBe('kt_ki_2.paired-again');
  });

  it('starts an order at the worker’s session route with its cart (options and dine-in included) and Idempotency-Key', async () => {
    answers.push(json(sessionView({ readerMode: 'server-driven', clientSecret: '' }), 201));
    const order = { items: [{ id: 'americano', quantity: 2 }, { id: 'latte', quantity: 1, options: ['large', 'iced'] }], serviceMode: 'dine_in' as const };
    const session = await createSession(order, 'order-1');
    expect(session.readerMode).toBe('server-driven');
    const request = sent[0]!;
    expect([request.method, new URL(request.url).pathname]).toEqual(['POST', '/api/sessions']);
    expect(request.headers.get('Idempotency-Key')).toBe('order-1');
    expect(await request.json()).toEqual(order);
  });

  it('hands a declined payment back to the reader, and cancels, on the session’s own routes', async () => {
    answers.push(json(sessionView({ sessionId: 'cs_1' })), json(sessionView({ sessionId: 'cs_1', status: 'cancelled' })));
    await retrySession('cs_1');
    await cancelSession('cs_1');
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['POST /api/sessions/cs_1/retry', 'POST /api/sessions/cs_1/cancel']);
  });

  it('a refusal comes back with the worker’s error code; no answer, or a 5xx without one, means the worker cannot be reached', async () => {
    answers.push(json({ error: { code: 'reader_offline', message: 'The card reader is offline.' } }, 503));
    await expect(createSession({ items: [{ id: 'americano', quantity: 1 }] }, 'order-2')).rejects.toEqual(new ApiError(503, 'reader_offline', 'The card reader is offline.'));
    answers.push(new Response('Bad gateway', { status: 502 }));
    await expect(getKiosk()).rejects.toBeInstanceOf(NetworkError);
    await expect(getKiosk()).rejects.toBeInstanceOf(NetworkError);
  });

  it('a busy worker’s Retry-After is kept with its refusal, and the kiosk waits that long before asking again, never over 15 s', async () => {
    answers.push(json({ error: { code: 'rate_limited', message: 'Too many requests.' } }, 429, { 'Retry-After': '7' }));
    const busy = await cancelSession('cs_1').then(() => null, (error: ApiError) => error);
    expect(busy).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 7 });
    expect(retryDelay(busy!.retryAfterSeconds, 0)).toBe(7_000);
    expect(retryDelay(3_600, 0)).toBe(15_000);
    expect(retryDelay(null, 0)).toBe(500);
  });

  it('a tablet whose clock is minutes off reads the worker’s time from its answers’ Date, to the second, and keeps it as its own clock runs', async () => {
    const worker = Date.parse('Sun, 29 Nov 2026 19:34:02 GMT');
    for (const skew of [10 * 60_000, -10 * 60_000]) {
      vi.useFakeTimers({ toFake: ['Date'], now: worker + skew });
      answers.push(json(KIOSK, 200, { Date: new Date(worker).toUTCString() }));
      await getKiosk();
      expect(Math.abs(serverNow() - worker)).toBeLessThanOrEqual(1_000);
      vi.advanceTimersByTime(5_000);
      expect(Math.abs(serverNow() - (worker + 5_000))).toBeLessThanOrEqual(1_000);
      // An answer without a Date (a proxy's) leaves what the kiosk learnt as it was.
      answers.push(json(KIOSK));
      await getKiosk();
      expect(Math.abs(serverNow() - (worker + 5_000))).toBeLessThanOrEqual(1_000);
      vi.useRealTimers();
    }
  });
});
