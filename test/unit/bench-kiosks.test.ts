import { afterEach, describe, expect, it, vi } from 'vitest';
import { customerOutcomeKept } from '../../bench/invariants.ts';
import { LatencyRecorder } from '../../bench/latency.ts';
import { DECLINE_CARDS } from '../../bench/kiosks/scenarios.ts';
import { SdkKiosk } from '../../bench/kiosks/sdk-kiosk.ts';
import { ServerDrivenKiosk } from '../../bench/kiosks/server-driven-kiosk.ts';

/**
 * A kiosk API that declines the design's decline cards and pays with any other, noting every card presented.
 * `verdict` overrides what `complete` answers (a server that got the outcome wrong).
 */
function fakeKioskApi(presented: string[], verdict?: { success: boolean; status: string }) {
  let lastCard = '';
  let sessions = 0;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  return async (input: string | URL | Request, init?: RequestInit) => {
    const { pathname } = new URL(String(input));
    const body = init?.body ? JSON.parse(String(init.body)) : {};
    const declined = DECLINE_CARDS.includes(lastCard);
    if (pathname === '/api/sessions') return json({ sessionId: `cs_${++sessions}`, paymentIntentId: `pi_${sessions}`, status: 'idle' }, 201);
    if (pathname.endsWith('/progress')) return json({});
    if (pathname === '/api/connection-token') return json({ secret: 'pst_test' });
    if (pathname === '/api/simulated-reader/readers') return json({ readers: [{ id: 'tmr_1' }] });
    if (pathname.endsWith('/collect') || pathname.endsWith('/cancel')) return json({});
    if (pathname.endsWith('/present')) {
      lastCard = body.cardNumber;
      presented.push(lastCard);
      return json({});
    }
    if (pathname.endsWith('/confirm')) return json({ paymentIntent: { status: declined ? 'requires_payment_method' : 'succeeded' } });
    if (pathname.endsWith('/complete')) return json(verdict ?? { success: !declined, status: declined ? 'failed' : 'success' });
    return json({ error: { code: 'not_found', message: pathname } }, 404);
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("the benchmark's simulated kiosks", () => {
  it('a fleet whose kiosks each see one declined customer presents every decline code, not the first one at every kiosk', async () => {
    const presented: string[] = [];
    vi.stubGlobal('fetch', fakeKioskApi(presented));
    const options = { baseUrl: 'http://kiosk.test', recorder: new LatencyRecorder(), customerPauseMs: [0, 0] as const };
    const firstCards: string[] = [];
    for (let k = 0; k < DECLINE_CARDS.length; k++) {
      const kiosk = new SdkKiosk({ kioskId: `ki_${k}`, token: `t_${k}` }, options);
      const from = presented.length;
      const attempt = await kiosk.pay('decline_then_retry');
      expect(attempt.outcome).toBe('paid');
      firstCards.push(presented[from]!);
    }
    expect(new Set(firstCards)).toEqual(new Set(DECLINE_CARDS));
  });

  it("kiosk requests/s count what the kiosk sends, not the customer's card presented through the developer panel", async () => {
    const presented: string[] = [];
    vi.stubGlobal('fetch', fakeKioskApi(presented));
    const recorder = new LatencyRecorder();
    const attempt = await new SdkKiosk({ kioskId: 'ki_1', token: 't_1' }, { baseUrl: 'http://kiosk.test', recorder, customerPauseMs: [0, 0] }).pay('success');
    expect(presented).toHaveLength(1);
    // Every request the worker served is in the request rate; the kiosk rate leaves the card's out, in the same window.
    const sent = recorder.requestCount;
    expect(recorder.kioskRequestRate() / recorder.requestRate()).toBeCloseTo((sent - 1) / sent, 10);
    expect(attempt.kioskRequests).toBe(sent - 1);
  });

  it('a customer the reader charged whom the server then calls cancelled counts as a lost payment, not as a cancel', async () => {
    vi.stubGlobal('fetch', fakeKioskApi([], { success: false, status: 'cancelled' }));
    const kiosk = new SdkKiosk({ kioskId: 'ki_1', token: 't_1' }, { baseUrl: 'http://kiosk.test', recorder: new LatencyRecorder(), customerPauseMs: [0, 0] });
    const attempt = await kiosk.pay('success');
    expect(attempt.expected).toBe('success');
    const session = { sessionId: attempt.sessionIds[0]!, kioskId: 'ki_1', status: 'cancelled', paymentIntentId: attempt.paymentIntentIds[0]!, updatedAt: 1 };
    expect(customerOutcomeKept({ sessions: [session], paymentIntents: [], charges: [], attempts: [attempt] }).violations).toEqual([
      "cs_1: the customer's payment was charged but the session is cancelled",
    ]);
  });

  it('server-driven: a customer the reader charged whom the server then calls cancelled counts as a lost payment', async () => {
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      const { pathname } = new URL(String(input));
      if (pathname === '/api/kiosk') return json({ readerId: 'tmr_1' });
      if (pathname === '/api/sessions') return json({ sessionId: 'cs_1', paymentIntentId: 'pi_1', status: 'waiting_card' }, 201);
      // No live channel: the kiosk reads the session itself once it has waited for the server's word.
      if (pathname.endsWith('/live')) return json({ error: { code: 'not_found', message: 'no live channel' } }, 404);
      if (pathname.endsWith('/present')) return json({ reader: { action: { status: 'succeeded' } } });
      if (pathname === '/api/sessions/cs_1') return json({ sessionId: 'cs_1', paymentIntentId: 'pi_1', status: 'cancelled' });
      return json({ error: { code: 'not_found', message: pathname } }, 404);
    });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const kiosk = new ServerDrivenKiosk({ kioskId: 'ki_1', token: 't_1' }, { baseUrl: 'http://kiosk.test', recorder: new LatencyRecorder(), customerPauseMs: [0, 0] });
    const paying = kiosk.pay('success');
    await vi.advanceTimersByTimeAsync(20_000);
    const attempt = await paying;
    expect(attempt.expected).toBe('success');
  });
});
