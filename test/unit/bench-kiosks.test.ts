import { afterEach, describe, expect, it, vi } from 'vitest';
import { LatencyRecorder } from '../../bench/latency.ts';
import { DECLINE_CARDS } from '../../bench/kiosks/scenarios.ts';
import { SdkKiosk } from '../../bench/kiosks/sdk-kiosk.ts';

/** A kiosk API that declines the design's decline cards and pays with any other, noting every card presented. */
function fakeKioskApi(presented: string[]) {
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
    if (pathname.endsWith('/complete')) return json({ success: !declined, status: declined ? 'failed' : 'success' });
    return json({ error: { code: 'not_found', message: pathname } }, 404);
  };
}

afterEach(() => vi.unstubAllGlobals());

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
});
