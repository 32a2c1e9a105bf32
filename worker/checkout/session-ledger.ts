import { storeDay } from '../../shared/store-day.ts';
import type { LedgerEntry } from '../ledger/rows.ts';
import { refundedAmount, type SessionRecord } from './session-record.ts';

/** What the card was charged and when: the paid order and its tip, or money the session must not keep (refunded). */
function moneyTaken(record: SessionRecord): { amount: number; at: number } | null {
  if (record.paidAt) return { amount: record.amount + (record.tip ?? 0), at: record.paidAt };
  return record.unkeptCharge ?? null;
}

/** The ledger rows a checkout owns, as of its record: the session, its payment once taken, and its refunds. */
export function ledgerEntriesOf(record: SessionRecord): LedgerEntry[] {
  const now = Date.now();
  const version = record.revision;
  const timeZone = record.timeZone ?? 'UTC';
  const entries: LedgerEntry[] = [
    {
      table: 'sessions',
      row: {
        id: record.sessionId,
        kiosk_id: record.kioskId,
        location_id: record.locationId,
        amount: record.amount,
        tip: record.tip ?? 0,
        currency: record.currency,
        status: record.state.status,
        payment_intent_id: record.paymentIntentId,
        charge_id: record.chargeId ?? null,
        refunded: refundedAmount(record),
        order_number: record.orderNumber ?? null,
        service_mode: record.serviceMode,
        cancellation_reason: record.state.cancellationReason ?? null,
        attention_reason: record.state.attentionReason ?? null,
        created_at: record.createdAt,
        updated_at: now,
        version,
      },
    },
  ];
  const taken = moneyTaken(record);
  if (taken && record.paymentIntentId) {
    entries.push({
      table: 'payments',
      row: {
        payment_intent_id: record.paymentIntentId,
        session_id: record.sessionId,
        kiosk_id: record.kioskId,
        location_id: record.locationId,
        charge_id: record.chargeId ?? null,
        amount: taken.amount,
        currency: record.currency,
        card_brand: record.receipt?.brand ?? null,
        card_last4: record.receipt?.last4 ?? null,
        paid_at: taken.at,
        store_day: storeDay(taken.at, timeZone),
        version,
      },
    });
  }
  for (const refund of record.refunds) {
    entries.push({
      table: 'refunds',
      row: {
        id: refund.id,
        session_id: record.sessionId,
        payment_intent_id: record.paymentIntentId ?? '',
        kiosk_id: record.kioskId,
        location_id: record.locationId,
        amount: refund.amount,
        currency: record.currency,
        status: refund.status,
        reason: refund.reason,
        created_at: refund.createdAt,
        store_day: storeDay(refund.createdAt, timeZone),
        updated_at: now,
        version,
      },
    });
  }
  return entries;
}
