import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { outcomeOf, receiptOf } from '../../worker/checkout/payment-outcome.ts';
import { nextAlarmAt } from '../../worker/checkout/alarm-plan.ts';
import { afterRefundRead, mergeRefunds, newlyFailed, nextRefundReadAt, owesAutomaticRefund, planOperatorRefund } from '../../worker/checkout/refunds.ts';
import { newSessionRecord, type SessionRecord } from '../../worker/checkout/session-record.ts';

const opened = newSessionRecord(
  {
    sessionId: 'cs_plan',
    kioskId: 'ki_plan',
    locationId: 'tml_plan',
    items: [],
    serviceMode: null,
    amount: 1000,
    currency: 'usd',
    timeZone: 'UTC',
    timeoutMs: 60_000,
    kioskAuth: { kioskId: 'ki_plan', tokenHash: 'hash', legacyTokenHash: null, disabled: false, version: 1 },
    reader: null,
  },
  Date.parse('2026-11-28T10:00:00Z'),
);

/** The session once paid 1000 and a tip of 100, with the refunds it already made. */
const paid = (refunds: SessionRecord['refunds'] = [], refundKeys: Record<string, string> = {}): SessionRecord => ({
  ...opened,
  paymentIntentId: 'pi_plan',
  state: { status: 'success' },
  paidAt: Date.parse('2026-11-28T10:01:00Z'),
  tip: 100,
  refunds,
  refundKeys,
});

const refund = (id: string, amount: number, status: SessionRecord['refunds'][number]['status'] = 'succeeded') => ({
  id,
  amount,
  status,
  reason: null,
  createdAt: Date.parse('2026-11-28T11:00:00Z'),
});

describe("an operator's refund, decided before any call", () => {
  it('refunds all that is left by default (the tip included), or the amount asked for', () => {
    expect(planOperatorRefund(paid(), { idempotencyKey: 'k1' })).toEqual({ kind: 'refund', amount: 1100 });
    expect(planOperatorRefund(paid([refund('re_1', 300)]), { idempotencyKey: 'k2' })).toEqual({ kind: 'refund', amount: 800 });
    expect(planOperatorRefund(paid(), { amount: 250, idempotencyKey: 'k3' })).toEqual({ kind: 'refund', amount: 250 });
  });

  it('never more than is left, and nothing for a session that was not paid', () => {
    const tooMuch = planOperatorRefund(paid([refund('re_1', 300)]), { amount: 801, idempotencyKey: 'k4' });
    expect(tooMuch).toMatchObject({ kind: 'refuse', failure: { status: 400, code: 'refund_exceeds_payment' } });
    const allGone = planOperatorRefund(paid([refund('re_1', 1100)]), { idempotencyKey: 'k5' });
    expect(allGone).toMatchObject({ kind: 'refuse', failure: { code: 'refund_exceeds_payment' } });
    expect(planOperatorRefund(opened, { idempotencyKey: 'k6' })).toMatchObject({ kind: 'refuse', failure: { status: 409, code: 'not_paid' } });
  });

  it('a refund that failed gave nothing back: its amount can be refunded again', () => {
    expect(planOperatorRefund(paid([refund('re_1', 1100, 'failed')]), { idempotencyKey: 'k7' })).toEqual({ kind: 'refund', amount: 1100 });
  });

  it('the same Idempotency-Key gets its refund back, even once nothing is left to refund', () => {
    const done = { ...paid([refund('re_1', 1100)]), operatorRefunds: { k8: { requested: { amount: null, reason: null }, amount: 1100, refundId: 're_1' } } };
    expect(planOperatorRefund(done, { idempotencyKey: 'k8' })).toEqual({ kind: 'replay', refundId: 're_1' });
    // Kept before the request was: key to refund id.
    expect(planOperatorRefund(paid([refund('re_1', 1100)], { k9: 're_1' }), { idempotencyKey: 'k9' })).toEqual({ kind: 'replay', refundId: 're_1' });
  });

  it('the same Idempotency-Key with another amount or reason is a conflict', () => {
    const done = { ...paid([refund('re_1', 300)]), operatorRefunds: { k10: { requested: { amount: 300, reason: null }, amount: 300, refundId: 're_1' } } };
    for (const request of [{ amount: 5 }, {}, { amount: 300, reason: 'duplicate' as const }]) {
      expect(planOperatorRefund(done, { ...request, idempotencyKey: 'k10' }), JSON.stringify(request)).toMatchObject({
        kind: 'refuse',
        failure: { status: 409, code: 'idempotency_conflict' },
      });
    }
  });

  it('a key whose answer never came is sent to Stripe again as it was first sent, whatever the session learnt since', () => {
    // All that was left was asked for (1100); the webhook then told the session of that refund.
    const lost = { ...paid([refund('re_1', 1100)]), operatorRefunds: { k11: { requested: { amount: null, reason: null }, amount: 1100 } } };
    expect(planOperatorRefund(lost, { idempotencyKey: 'k11' })).toEqual({ kind: 'refund', amount: 1100 });
  });
});

/** A succeeded PaymentIntent of `amount`, its charge paid with `type` (Interac's details under interac_present). */
const succeededWith = (type: 'card_present' | 'interac_present', amount = 1000) =>
  ({
    id: 'pi_plan',
    status: 'succeeded',
    amount,
    amount_received: amount,
    currency: 'usd',
    metadata: { sessionId: 'cs_plan', kioskId: 'ki_plan' },
    latest_charge: {
      id: 'ch_plan',
      created: 1_700_000_000,
      receipt_url: null,
      payment_method_details: { type, [type]: { brand: type === 'interac_present' ? 'interac' : 'visa', last4: '1933' } },
    },
  }) as unknown as Stripe.PaymentIntent;

describe('a paid PaymentIntent that does not match its session is never a success', () => {
  const processing = { ...opened, paymentIntentId: 'pi_plan', state: { status: 'processing' as const } };

  it('another currency (the same amount) needs attention and is refunded', () => {
    const inEuros = { ...succeededWith('card_present'), currency: 'eur' } as Stripe.PaymentIntent;
    expect(outcomeOf(processing, inEuros)).toMatchObject({ event: { type: 'mismatch_detected', reason: expect.stringMatching(/currency/i) }, refund: true });
    expect(outcomeOf(processing, succeededWith('card_present'))).toMatchObject({ event: { type: 'payment_succeeded' }, refund: false });
  });
});

describe('an Interac payment is refunded in person only (Stripe refuses it online)', () => {
  it('the session keeps what paid it, and the receipt names the Interac card', () => {
    const waiting = { ...opened, paymentIntentId: 'pi_plan', state: { status: 'waiting_card' as const } };
    expect(outcomeOf(waiting, succeededWith('interac_present')).patch).toMatchObject({ paidWith: 'interac_present' });
    expect(receiptOf(succeededWith('interac_present'))).toEqual({ brand: 'interac', last4: '1933', receiptUrl: null });
  });

  it("an operator's refund of it is refused 409 refund_in_person", () => {
    const interac = { ...paid(), paidWith: 'interac_present' };
    for (const request of [{}, { amount: 100 }]) {
      expect(planOperatorRefund(interac, { ...request, idempotencyKey: 'k12' })).toMatchObject({
        kind: 'refuse',
        failure: { status: 409, code: 'refund_in_person' },
      });
    }
    expect(planOperatorRefund({ ...paid(), paidWith: 'card_present' }, { idempotencyKey: 'k13' })).toEqual({ kind: 'refund', amount: 1100 });
  });

  it('money the session must not keep is not refunded automatically: it waits for an operator', () => {
    const cancelled = { ...opened, paymentIntentId: 'pi_plan', state: { status: 'cancelled' as const, cancellationReason: 'customer' as const } };
    expect(outcomeOf(cancelled, succeededWith('card_present'))).toMatchObject({ refund: true });
    expect(outcomeOf(cancelled, succeededWith('interac_present'))).toMatchObject({
      event: { type: 'paid_after_cancellation' },
      refund: false,
      refundInPerson: true,
      patch: { paidWith: 'interac_present', unkeptCharge: { amount: 1000 } },
    });
    const mismatched = { ...opened, paymentIntentId: 'pi_plan', state: { status: 'processing' as const } };
    expect(outcomeOf(mismatched, succeededWith('interac_present', 999))).toMatchObject({ event: { type: 'mismatch_detected' }, refund: false });
    const attention = { ...opened, paymentIntentId: 'pi_plan', state: { status: 'requires_attention' as const }, unkeptCharge: { amount: 1000, at: 0 } };
    expect(owesAutomaticRefund(attention)).toBe(true);
    expect(owesAutomaticRefund({ ...attention, paidWith: 'interac_present' })).toBe(false);
  });

  it('money the session must not keep, partly refunded elsewhere first, still has its rest refunded automatically, once', () => {
    const attention = { ...opened, paymentIntentId: 'pi_plan', state: { status: 'requires_attention' as const }, unkeptCharge: { amount: 1000, at: 0 } };
    const dashboard = { id: 're_dashboard', amount: 200, status: 'succeeded' as const, reason: null, createdAt: 1 };
    expect(owesAutomaticRefund({ ...attention, refunds: [dashboard] })).toBe(true);
    expect(outcomeOf({ ...attention, refunds: [dashboard] }, succeededWith('card_present'))).toMatchObject({ event: null, refund: true });
    // All of it refunded elsewhere, or the worker's own refund made: nothing more goes back automatically.
    expect(owesAutomaticRefund({ ...attention, refunds: [{ ...dashboard, amount: 1000 }] })).toBe(false);
    const automatic = { ...dashboard, id: 're_automatic', amount: 800 };
    expect(owesAutomaticRefund({ ...attention, refunds: [dashboard, automatic], automaticRefundId: automatic.id })).toBe(false);
    // The worker's refund failed later (a closed card account): an operator decides, the worker never sends it again.
    const failed = { ...automatic, status: 'failed' as const };
    expect(owesAutomaticRefund({ ...attention, refunds: [dashboard, failed], automaticRefundId: failed.id })).toBe(false);
    expect(outcomeOf({ ...attention, refunds: [failed], automaticRefundId: failed.id }, succeededWith('card_present'))).toMatchObject({ refund: false });
  });
});

describe("the alarm's reads of refunds Stripe may still change", () => {
  const made = Date.parse('2026-11-28T10:02:00Z');
  const refund = (status: SessionRecord['refunds'][number]['status']) => ({ id: 're_watch', amount: 500, status, reason: null, createdAt: made });
  const DAY = 86_400_000;

  it('reads a pending or lately succeeded refund again, later each time, and stops once Stripe says it is final', () => {
    const pending = paid([refund('pending')]);
    expect(nextRefundReadAt(pending, made, 1_000)).toBe(made + 1_000);
    let reads = afterRefundRead(undefined, made);
    const delays = [reads.nextAt - made];
    for (let i = 0; i < 20; i++) {
      const at = reads.nextAt;
      reads = afterRefundRead(reads, at);
      delays.push(reads.nextAt - at);
    }
    expect(delays.slice(0, 4)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(Math.max(...delays)).toBe(24 * 3_600_000);
    expect(nextAlarmAt({ ...pending, kioskToldEnded: true, refundReads: reads }, {}, made, 1_000)).toBe(reads.nextAt);
    // A card refund can fail after it succeeded (a closed card account): watched for a while, then no more.
    expect(nextRefundReadAt(paid([refund('succeeded')]), made + 29 * DAY, 1_000)).not.toBeNull();
    expect(nextRefundReadAt(paid([refund('succeeded')]), made + 31 * DAY, 1_000)).toBeNull();
    expect(nextRefundReadAt(paid([refund('pending')]), made + 365 * DAY, 1_000)).not.toBeNull();
    for (const status of ['failed', 'canceled'] as const) {
      expect(nextRefundReadAt(paid([refund(status)]), made, 1_000)).toBeNull();
      expect(nextAlarmAt({ ...paid([refund(status)]), kioskToldEnded: true }, {}, made, 1_000)).toBeNull();
    }
  });
});

describe('refunds Stripe says failed', () => {
  it("names a refund only the first time Stripe says it failed, for the operators' alert", () => {
    const known = [refund('re_ok', 300), refund('re_late', 200), refund('re_old', 100, 'failed')];
    const fromStripe = [
      { id: 're_ok', amount: 300, status: 'succeeded', reason: null, created: 1 },
      { id: 're_late', amount: 200, status: 'failed', reason: null, created: 2 },
      { id: 're_old', amount: 100, status: 'failed', reason: null, created: 3 },
    ] as Stripe.Refund[];
    const merged = mergeRefunds(known, fromStripe);
    expect(newlyFailed(known, merged).map((r) => r.id)).toEqual(['re_late']);
    expect(newlyFailed(merged, merged)).toEqual([]);
  });
});
