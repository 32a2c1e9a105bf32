import { failure, type Failure } from '../errors.ts';
import { log } from '../log.ts';
import { KioskQuotas, type QuotaName } from './kiosk-quotas.ts';

/**
 * A kiosk's budgets as its requests meet them: the 429 a spent budget answers, logged once per window. The counting
 * itself is `KioskQuotas`'; `kioskId` is read only to log.
 */
export class KioskBudgets {
  private readonly quotas = new KioskQuotas();

  constructor(private readonly kioskId: () => string | undefined) {}

  /** Wrong tokens for this kiosk: 401, then 429 once they come too fast (the right token is never throttled). */
  failedAttempt(refused: Failure): Failure {
    const taken = this.quotas.take('failedSignIns');
    if (taken.within) return refused;
    if (taken.firstOver) log.warn('kiosk_auth_flood', { kioskId: this.kioskId() });
    return failure(429, 'too_many_attempts', 'Too many failed attempts for this kiosk. Please wait.', taken.retryAfterSeconds);
  }

  /** A request of this kiosk's own beyond its budget: 429 with when to come back. */
  overQuota(name: QuotaName): Failure | null {
    const taken = this.quotas.take(name);
    if (taken.within) return null;
    if (taken.firstOver) log.warn('kiosk_over_quota', { kioskId: this.kioskId(), quota: name });
    return failure(429, 'rate_limited', 'Too many requests from this kiosk. Please wait a moment.', taken.retryAfterSeconds);
  }
}
