/**
 * A kiosk's request budgets, counted by the kiosk's own object. That object sees every one of the requests counted
 * here, one at a time, so its count is exact and costs no call: unlike a rate-limiting binding, which counts per
 * Cloudflare location and only approximately. Counts live in memory: an object that restarts starts afresh, and one
 * being hammered stays in memory, counting.
 */

export interface Quota {
  limit: number;
  windowMs: number;
}

export const KIOSK_QUOTAS = {
  /** Checkouts opened (a retry with the same Idempotency-Key counts too: it is a request all the same). */
  sessions: { limit: 30, windowMs: 60_000 },
  /** Connection tokens for its reader (the SDK asks for one per connection). */
  connectionTokens: { limit: 60, windowMs: 60_000 },
  /** Calls to Stripe about its simulated reader (finding it, collect, present, confirm, cancel, display): simulated mode. */
  readerActions: { limit: 120, windowMs: 60_000 },
  /** Wrong tokens naming this kiosk; its right token is never refused for them. */
  failedSignIns: { limit: 20, windowMs: 60_000 },
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof KIOSK_QUOTAS;

/** What taking one request from a budget says: within it, or over it with the seconds until it refills. */
export type QuotaAnswer = { within: true } | { within: false; retryAfterSeconds: number; firstOver: boolean };

/** Fixed windows, one per budget: the first request of a window starts it. */
export class KioskQuotas {
  private readonly windows = new Map<QuotaName, { startedAt: number; count: number }>();

  take(name: QuotaName, now = Date.now()): QuotaAnswer {
    const { limit, windowMs } = KIOSK_QUOTAS[name];
    let window = this.windows.get(name);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(name, window);
    }
    window.count++;
    if (window.count <= limit) return { within: true };
    return { within: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000)), firstOver: window.count === limit + 1 };
  }
}
