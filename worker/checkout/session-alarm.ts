import type { ChangeCause } from '../../shared/api.ts';
import { isFinal } from '../../shared/session-status.ts';
import { log } from '../log.ts';
import { kioskObject } from '../objects.ts';
import { readerBusyWithUs } from './alarm-plan.ts';
import type { CheckoutStripe } from './checkout-stripe.ts';
import type { Flights } from './flights.ts';
import type { ReaderHandOver } from './reader-hand-over.ts';
import { nextRefundReadAt, owesAutomaticRefund } from './refunds.ts';
import { cancelUnfinished } from './session-answers.ts';
import type { SessionCancellation } from './session-cancellation.ts';
import type { SessionPaymentIntent } from './session-payment-intent.ts';
import type { SessionRefunds } from './session-refunds.ts';
import { owesReceiptNumber, type SessionRecord } from './session-record.ts';
import type { SessionStore } from './session-store.ts';

const ALARM: ChangeCause = { by: 'alarm' };

/**
 * The work of a checkout's one alarm (`alarm-plan.ts` decides when it is due): expiring a session left without
 * progress, reading the reader when its webhooks are late, keeping at Stripe until a session that ended unpaid keeps
 * no money, numbering the paid order's receipt, reading refunds Stripe may still change (their webhooks may be lost),
 * flushing the ledger, and telling the kiosk's object of the ending.
 * Alarms fire at least once: each step looks at the state before acting, so a second or early alarm does no harm.
 */
export class SessionAlarm {
  constructor(
    private readonly env: Env,
    private readonly store: SessionStore,
    private readonly stripe: CheckoutStripe,
    private readonly flights: Flights,
    private readonly payment: SessionPaymentIntent,
    private readonly reader: ReaderHandOver,
    private readonly cancellation: SessionCancellation,
    private readonly refunds: SessionRefunds,
  ) {}

  /**
   * The one alarm, safe to fire twice or early: settles an open session that has seen no progress for its timeout,
   * reads the reader when its webhooks are late, keeps at Stripe until a session that ended unpaid has its
   * PaymentIntent closed and no money kept, writes the ledger, and tells the kiosk's object when the session ended.
   */
  async run(): Promise<void> {
    const record = this.store.load();
    if (!record) return;
    const now = Date.now();
    const retryDue = record.cleanupAt === undefined || now >= record.cleanupAt;
    if (isFinal(record.state.status)) {
      if (retryDue) await this.enforceUnpaidEnding(record);
      if (retryDue) await this.numberReceipt();
    } else if (retryDue && (record.cancelRequested !== undefined || now >= record.lastProgressAt + record.timeoutMs)) {
      await this.expire(record);
    } else if (readerBusyWithUs(record) && record.pollAt !== undefined && now >= record.pollAt) {
      await this.reader.pollReader(record);
    }
    const refundRead = nextRefundReadAt(record, now, 0);
    if (refundRead !== null && now >= refundRead) await this.refunds.readOpenRefunds();
    await this.store.flushLedger();
    await this.tellKioskIfEnded();
    this.store.armAlarm(this.store.load()!);
  }

  /**
   * No progress for the timeout, or a cancel that was asked for and did not finish (Stripe failed, or the object
   * restarted mid-way, and nobody may ask again: a disabled kiosk's): ask Stripe first (the card may have been
   * charged), then cancel, for the reason first asked.
   */
  private async expire(record: SessionRecord): Promise<void> {
    try {
      // Every answer to the creation may have been lost: the same key hands the PaymentIntent back to be read.
      await this.payment.ensurePaymentIntent();
      await this.payment.verifyWithStripe(ALARM);
    } catch (err) {
      log.error('expiry_could_not_reach_stripe', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.store.scheduleCleanup();
      return;
    }
    const latest = this.store.load()!;
    if (isFinal(latest.state.status)) return this.enforceUnpaidEnding(latest);
    // The kiosk reported progress while Stripe was read: the session lives on (the alarm is armed again for it).
    if (latest.cancelRequested === undefined && Date.now() < latest.lastProgressAt + latest.timeoutMs) return;
    const result = await this.cancellation.cancelSession('expired', ALARM);
    if (cancelUnfinished(result)) this.store.scheduleCleanup();
  }

  /** A final session that is not a success: its PaymentIntent must be closed at Stripe, and any money refunded. */
  private async enforceUnpaidEnding(record: SessionRecord): Promise<void> {
    const { status } = record.state;
    const closeNeeded = status === 'cancelled' && !record.paymentIntentClosed;
    // An Interac payment is never refunded online: it waits for an operator, with nothing for the alarm to retry.
    const refundNeeded = owesAutomaticRefund(record);
    // Nothing owed here; a receipt still to be numbered keeps its own backoff going.
    if (!closeNeeded && !refundNeeded) return owesReceiptNumber(record) ? undefined : this.store.cleanupDone();
    try {
      if (closeNeeded) await this.flights.once('cancel', () => this.payment.closePaymentIntent(ALARM));
      else await this.payment.verifyWithStripe(ALARM);
    } catch (err) {
      log.error('cleanup_at_stripe_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.store.scheduleCleanup();
      return;
    }
    // Stripe could not cancel it yet (a card being processed refuses the cancel) and nothing failed: asked again later,
    // backing off, rather than by an alarm due at once again (its retry time already past) or never.
    if (closeNeeded && !this.store.load()!.paymentIntentClosed) this.store.scheduleCleanup();
  }

  /** A paid order's number goes on Stripe's receipt once the store gave it; while Stripe fails, the alarm tries again. */
  private async numberReceipt(): Promise<void> {
    const record = this.store.load()!;
    if (!owesReceiptNumber(record)) return;
    try {
      await this.stripe.numberReceipt(record);
      this.store.saveQuietly({ ...this.store.load()!, receiptNumbered: true });
      this.store.cleanupDone();
    } catch (err) {
      log.warn('receipt_number_failed', { sessionId: record.sessionId, kioskId: record.kioskId, error: String(err) });
      this.store.scheduleCleanup();
    }
  }

  /** Tells the kiosk's object the session ended; while it fails, the alarm tells it again, less and less often. */
  private async tellKioskIfEnded(): Promise<void> {
    const record = this.store.load()!;
    if (!isFinal(record.state.status) || record.kioskToldEnded) return;
    if (record.kioskNoticeAt !== undefined && Date.now() < record.kioskNoticeAt) return;
    try {
      await kioskObject(this.env, record.kioskId).sessionEnded(record.sessionId);
      this.store.saveQuietly({ ...this.store.load()!, kioskToldEnded: true, kioskNoticeAt: undefined, kioskNoticeFailures: undefined });
    } catch (err) {
      log.warn('kiosk_not_told_session_ended', { sessionId: record.sessionId, kioskId: record.kioskId, failures: (record.kioskNoticeFailures ?? 0) + 1, error: String(err) });
      this.store.scheduleKioskNotice();
    }
  }
}
