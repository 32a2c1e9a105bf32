import { isFinal } from '../../shared/session-status.ts';
import { nextRefundReadAt } from './refunds.ts';
import { owesReceiptNumber, type SessionRecord } from './session-record.ts';

/** What the object itself knows is pending besides the record: ledger rows waiting for D1. */
export interface PendingWork {
  ledgerDueAt?: number;
}

/** Whether the session's reader is working for it now (server-driven mode): then its state is worth reading. */
export const readerBusyWithUs = (record: SessionRecord): boolean =>
  record.reader !== null && (record.state.status === 'waiting_card' || record.state.status === 'processing');

/**
 * When the session's one alarm must next fire, or null for never: its expiry while open (not before a failed try at
 * Stripe has backed off), a cancel asked for that has not ended it yet, a retry of work owed at Stripe, the ledger,
 * telling the kiosk it ended, reading the reader, the order number for Stripe's receipt, reading refunds Stripe may
 * still change.
 * Pure, so what keeps an alarm alive can be tested without a clock.
 */
export function nextAlarmAt(record: SessionRecord, pending: PendingWork, now: number, soon: number): number | null {
  const due: number[] = [];
  const final = isFinal(record.state.status);
  // A cancel asked for and not finished (Stripe failed, or the object restarted mid-way) is carried on at once.
  if (!final && record.cancelRequested !== undefined) due.push(record.cleanupAt ?? now + soon);
  else if (!final) due.push(Math.max(record.lastProgressAt + record.timeoutMs, record.cleanupAt ?? 0));
  else if (record.cleanupAt !== undefined) due.push(record.cleanupAt);
  if (pending.ledgerDueAt !== undefined) due.push(pending.ledgerDueAt);
  if (final && !record.kioskToldEnded) due.push(record.kioskNoticeAt ?? now + soon);
  if (owesReceiptNumber(record) && record.cleanupAt === undefined) due.push(now + soon);
  if (readerBusyWithUs(record) && record.pollAt !== undefined) due.push(record.pollAt);
  const refundRead = nextRefundReadAt(record, now, soon);
  if (refundRead !== null) due.push(refundRead);
  return due.length === 0 ? null : Math.min(...due);
}
