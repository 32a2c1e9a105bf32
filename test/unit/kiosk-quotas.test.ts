import { describe, expect, it } from 'vitest';
import { KIOSK_QUOTAS, KioskQuotas } from '../../worker/kiosks/kiosk-quotas.ts';

describe("a kiosk's request budgets", () => {
  it('lets the budget through, then refuses with the seconds until its window ends, and refills after it', () => {
    const quotas = new KioskQuotas();
    const { limit } = KIOSK_QUOTAS.sessions;
    const start = 1_000_000;
    for (let i = 0; i < limit; i++) expect(quotas.take('sessions', start + i)).toEqual({ within: true });
    expect(quotas.take('sessions', start + 15_000)).toEqual({ within: false, retryAfterSeconds: 45, firstOver: true });
    expect(quotas.take('sessions', start + 59_500)).toEqual({ within: false, retryAfterSeconds: 1, firstOver: false });
    expect(quotas.take('sessions', start + 60_000)).toEqual({ within: true });
  });

  it('keeps each budget apart: spending one leaves the others whole', () => {
    const quotas = new KioskQuotas();
    for (let i = 0; i <= KIOSK_QUOTAS.failedSignIns.limit; i++) quotas.take('failedSignIns', 0);
    expect(quotas.take('failedSignIns', 0).within).toBe(false);
    expect(quotas.take('sessions', 0)).toEqual({ within: true });
    expect(quotas.take('connectionTokens', 0)).toEqual({ within: true });
  });
});
