import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../pwa/src/console/api.ts';
import { createSessionDetail } from '../../pwa/src/console/store/session-detail.ts';
import { sessionView } from '../support/session-view.ts';

// Solid's browser runtime (Node would get its server one, whose resources only render): the store runs as on the page.
vi.mock('solid-js', () => import('solid-js/dist/solid.js' as string));
vi.mock('../../pwa/src/console/api.ts', async (original) => ({
  ...(await original<typeof import('../../pwa/src/console/api.ts')>()),
  session: vi.fn(),
  kiosk: vi.fn(),
  refund: vi.fn(),
}));

const paid = { kioskId: 'k1', session: sessionView({ status: 'success', amount: 1100 }), chargeId: 'ch_1', timeline: [], handledAt: null, timeZone: 'UTC' };
const made = { id: 're_1', amount: 300, status: 'succeeded', reason: null };

/** The Idempotency-Key each refund the console sent carried. */
const keysSent = () => vi.mocked(api.refund).mock.calls.map(([, , key]) => key);

let dispose = () => undefined as void;
function sessionPage() {
  return createRoot((end) => {
    dispose = end;
    return createSessionDetail(paid.session.sessionId);
  });
}

beforeEach(() => {
  vi.mocked(api.session).mockResolvedValue(paid as never);
  vi.mocked(api.kiosk).mockResolvedValue({ name: 'Front counter' } as never);
});
afterEach(() => {
  dispose();
  vi.clearAllMocks();
});

describe('an operator’s refund, tried again', () => {
  const unsettled = [
    ['the worker could not be reached', new api.ApiError(0, 'network', 'offline')],
    ['the worker failed after Stripe may have refunded (500)', new api.ApiError(500, 'internal_error', 'Internal error')],
    ['Stripe’s answer was lost (502)', new api.ApiError(502, 'stripe_error', 'Stripe could not make the refund.')],
    ['Stripe was unavailable (503)', new api.ApiError(503, 'stripe_unavailable', 'Try again')],
    ['too many requests (429)', new api.ApiError(429, 'rate_limited', 'Slow down')],
    ['a timeout (408)', new api.ApiError(408, 'timeout', 'Timed out')],
    ['an answer that could not be read', new SyntaxError('Unexpected end of JSON input')],
  ] as const;

  it.each(unsettled)('after %s, the retry carries the same key, so the worker refunds once', async (_, error) => {
    const page = sessionPage();
    vi.mocked(api.refund).mockRejectedValueOnce(error).mockResolvedValueOnce(made as never);
    await expect(page.refund({ amount: 300 })).rejects.toBe(error);
    await expect(page.refund({ amount: 300 })).resolves.toEqual(made);
    const [first, retry] = keysSent();
    expect(retry).toBe(first);
  });

  it('a refusal that changed nothing, or a refund made, lets the next refund be a new one', async () => {
    const page = sessionPage();
    vi.mocked(api.refund)
      .mockRejectedValueOnce(new api.ApiError(400, 'refund_exceeds_payment', 'Less than this is left'))
      .mockResolvedValueOnce(made as never)
      .mockResolvedValueOnce(made as never);
    await expect(page.refund({ amount: 300 })).rejects.toThrow('Less than this is left');
    await page.refund({ amount: 300 });
    await page.refund({ amount: 300 });
    expect(new Set(keysSent()).size).toBe(3);
  });

  it('a different refund after an unanswered one gets its own key', async () => {
    const page = sessionPage();
    vi.mocked(api.refund).mockRejectedValueOnce(new api.ApiError(502, 'stripe_error', 'lost')).mockResolvedValueOnce(made as never);
    await expect(page.refund({ amount: 300 })).rejects.toThrow('lost');
    await page.refund({ amount: 500 });
    const [first, other] = keysSent();
    expect(other).not.toBe(first);
  });
});
