import type { CreateSessionRequest, InPersonRefundView, Receipt, RefundView, ServiceMode, SessionLine, SessionView, TimelineEntry } from '../../shared/api.ts';
import { isFinal, type CancellationReason } from '../../shared/session-status.ts';
import type { SessionState } from '../../shared/transition.ts';
import type { KioskAuth } from '../kiosks/kiosk-record.ts';
import type { CheckoutReader } from './reader-outcome.ts';

export interface OpenSessionInput {
  sessionId: string;
  kioskId: string;
  locationId: string;
  /** Priced at opening: each line's unit price includes its options. */
  items: SessionLine[];
  /** Where the customer eats, where the kiosk asks; else null. */
  serviceMode: ServiceMode | null;
  amount: number;
  currency: string;
  /** The kiosk's store's IANA time zone: the order number is of the store's day. */
  timeZone: string;
  /** How long the checkout may wait without progress before its alarm settles it (the kiosk's setting). */
  timeoutMs: number;
  /** The kiosk's token hash and status, so the checkout checks the kiosk's requests itself. */
  kioskAuth: KioskAuth;
  /** Server-driven mode: the reader the checkout hands its payment to. Null when the tablet drives the reader. */
  reader: CheckoutReader | null;
  /**
   * The order as the kiosk sent it (`requestFingerprint`): a create retried with the same gets this checkout back
   * without being priced again. Absent on checkouts opened before it was kept.
   */
  requestFingerprint?: string;
}

/** An operator's refund request under one Idempotency-Key. */
export interface OperatorRefundAttempt {
  /** What the operator asked: an amount (null: all that was left) and a reason. */
  requested: { amount: number | null; reason: string | null };
  /** The amount sent to Stripe. */
  amount: number;
  /** Stripe's refund, once it answered. */
  refundId?: string;
}

/** An operator's in-person refund under one Idempotency-Key: what was asked, what the reader was sent and said since. */
export interface InPersonRefundAttempt {
  /** What the reader action and its refund carry at Stripe (`metadata.attempt`) to say they are this attempt's. */
  attemptId: string;
  /** What the operator asked: an amount (null: all that was left) and a reader (null: the kiosk's). */
  requested: { amount: number | null; readerId: string | null };
  view: InPersonRefundView;
  /**
   * Stripe started the action on the reader: it said so, or the reader or a refund showed it after its answer was
   * lost (until then a retry of the key asks Stripe again). While unsettled, the attempt as the session's last waits
   * all the same: the reader may have it.
   */
  started?: boolean;
  /**
   * How many of its tries Stripe refused (the reader offline or busy): Stripe replays a refused try's answer to every
   * request under its key for a day, so the next try is sent under a key of its own (nothing was started).
   */
  refusals?: number;
}

/** A refund as the session keeps it. */
export interface RefundRecord extends RefundView {
  createdAt: number;
}

/** What a checkout session object keeps: the cart and price fixed at creation, and what Stripe said since. */
export interface SessionRecord extends OpenSessionInput {
  paymentIntentId: string | null;
  clientSecret: string | null;
  state: SessionState;
  receipt?: Receipt;
  /** The charge of the last decline already recorded, so a late event for it does not fail a new attempt. */
  lastDeclinedCharge?: string;
  /** Why we asked for the session to end: a create replayed after it, or a PaymentIntent seen canceled, keeps it. */
  cancelRequested?: CancellationReason;
  /**
   * Stripe confirmed that this session's PaymentIntent cannot take money any more (canceled), or that there is none.
   * Until then a cancelled session still has work to do: its alarm keeps at it.
   */
  paymentIntentClosed?: boolean;
  /** Money returned: the automatic refund of a session that must not keep it, and operators' refunds. */
  refunds: RefundRecord[];
  /**
   * Operators' refunds by their Idempotency-Key, saved before Stripe is asked: a retry with the same key and request
   * goes to Stripe again with the same amount (Stripe replays the refund it made, even if its answer was lost).
   */
  operatorRefunds?: Record<string, OperatorRefundAttempt>;
  /** Operators' in-person refunds by their Idempotency-Key, saved before the reader is asked (a retry asks it the same). */
  inPersonRefunds?: Record<string, InPersonRefundAttempt>;
  /** The key of the last in-person refund started at a reader: the one the reader's word is about. */
  lastInPersonRefund?: string;
  /** Operators' refunds by their Idempotency-Key, as kept before the request was: key to refund id. */
  refundKeys?: Record<string, string>;
  /**
   * The alarm's reads of refunds Stripe may still change (see `refundMayChange`): how many so far, and when the next
   * is due. Absent: the next read is due at once.
   */
  refundReads?: { count: number; nextAt: number };
  /** Every status change: when, and who or what caused it. */
  timeline: TimelineEntry[];
  /** When Stripe's word made the session a success, and with which charge, and the tip the customer added on the reader. */
  paidAt?: number;
  chargeId?: string;
  tip?: number;
  /**
   * The payment method type the card was charged with (`card_present`, `interac_present`), from the charge's
   * `payment_method_details`: an Interac payment can only be refunded in person, at a reader.
   */
  paidWith?: string;
  /**
   * Money the card was charged that the session must not keep (paid after it was cancelled, or not its order): the
   * ledger records it as a payment, beside its automatic refund, so the day's sales net out.
   */
  unkeptCharge?: { amount: number; at: number };
  /** The refund the worker made of that money (whatever is left after refunds made elsewhere): made once, never again. */
  automaticRefundId?: string;
  /** Tries at that refund whose failure Stripe keeps under their idempotency key: the next try goes under a new one. */
  automaticRefundFailures?: number;
  /**
   * The order's number at its store that day: null from payment until the store gives it (the alarm keeps asking);
   * absent on sessions paid before order numbers existed, which never get one.
   */
  orderNumber?: number | null;
  /** The PaymentIntent's description names the order number, so Stripe's receipt shows it (the alarm sees to it). */
  receiptNumbered?: boolean;
  /** Tries at creating the PaymentIntent whose failure Stripe replays from their idempotency key: the next try goes under a new one. */
  paymentIntentCreateFailures?: number;
  /** How many times the PaymentIntent's cancel was sent to Stripe: each try goes under its own idempotency key. */
  cancelAttempts?: number;
  /** Server-driven mode: how many times the payment was handed to the reader, and when to read the reader next. */
  readerAttempts?: number;
  pollAt?: number;
  pollCount?: number;
  /** When the alarm tries again at Stripe (an expiry, cancel or refund that failed); unset when nothing is owed. */
  cleanupAt?: number;
  /** Failed tries in a row, for the backoff. */
  cleanupFailures?: number;
  /** A session that needed an operator, marked handled by one: the store's live fleet stops flagging it. */
  handledAt?: number;
  /** The kiosk's object was told this session ended (it then stops pushing token changes to it). */
  kioskToldEnded?: boolean;
  /** While the kiosk's object cannot be told: when the alarm tells it again, and failed tries in a row, for the backoff. */
  kioskNoticeAt?: number;
  kioskNoticeFailures?: number;
  createdAt: number;
  updatedAt: number;
  lastProgressAt: number;
  /** Grows with every save: the ledger keeps only the newest snapshot. */
  revision: number;
}

/** An order as the idempotency check sees it: which items, with which options and how many (in any order), where eaten. */
export const orderFingerprint = ({ items, serviceMode }: Pick<OpenSessionInput, 'items' | 'serviceMode'>): string =>
  JSON.stringify([items.map((i) => JSON.stringify([i.id, i.options.map((o) => o.id), i.quantity])).sort(), serviceMode]);

/** An order as the kiosk sent it: options as named (or left out), lines and options in any order. */
export const requestFingerprint = ({ items, serviceMode }: CreateSessionRequest): string =>
  JSON.stringify([items.map((i) => JSON.stringify([i.id, i.options ? [...i.options].sort() : null, i.quantity])).sort(), serviceMode ?? null]);

/** Paid, and its store has not given it an order number yet. */
export const awaitsOrderNumber = (record: SessionRecord): boolean => record.state.status === 'success' && record.orderNumber === null;

/** Paid and numbered, and Stripe's receipt does not show the number yet. */
export const owesReceiptNumber = (record: SessionRecord): boolean =>
  record.state.status === 'success' && typeof record.orderNumber === 'number' && !record.receiptNumbered;

/** Nothing about the session will change for the kiosk any more: it is final, with its order number if it was paid. */
export const settledForKiosk = (record: SessionRecord): boolean => isFinal(record.state.status) && !awaitsOrderNumber(record);

/** A line as the reader and the PaymentIntent name it: "Café Latte (Large, Iced, Extra shot)". */
export { lineDescription } from '../../shared/line-description.ts';

export function newSessionRecord(input: OpenSessionInput, now: number): SessionRecord {
  return {
    ...input,
    paymentIntentId: null,
    clientSecret: null,
    state: { status: 'idle' },
    refunds: [],
    timeline: [{ at: now, status: 'idle', by: 'kiosk' }],
    createdAt: now,
    updatedAt: now,
    lastProgressAt: now,
    revision: 0,
  };
}

/** The session's last in-person refund and its Idempotency-Key: the one its reader's word is about. */
export function lastInPersonRefundOf(record: SessionRecord): { key: string; attempt: InPersonRefundAttempt } | null {
  const key = record.lastInPersonRefund;
  const attempt = key ? record.inPersonRefunds?.[key] : undefined;
  return key && attempt ? { key, attempt } : null;
}

/** The session's last in-person refund while it still waits at a reader (also one whose start's answer was lost). */
export function waitingInPersonRefundOf(record: SessionRecord): { key: string; attempt: InPersonRefundAttempt } | null {
  const last = lastInPersonRefundOf(record);
  return last?.attempt.view.status === 'in_progress' ? last : null;
}

/** Money that went back (or is on its way back) to the customer. */
export const refundedAmount = (record: SessionRecord): number =>
  record.refunds.filter((r) => r.status !== 'failed' && r.status !== 'canceled').reduce((sum, r) => sum + r.amount, 0);

export function viewOf(record: SessionRecord): SessionView {
  const { state } = record;
  return {
    sessionId: record.sessionId,
    paymentIntentId: record.paymentIntentId ?? '',
    // In server-driven mode nothing on the tablet needs the PaymentIntent's secret.
    clientSecret: record.reader ? '' : (record.clientSecret ?? ''),
    amount: record.amount,
    tip: record.tip ?? 0,
    currency: record.currency,
    readerMode: record.reader ? 'server-driven' : 'js-sdk',
    status: state.status,
    items: record.items,
    serviceMode: record.serviceMode,
    orderNumber: record.orderNumber ?? null,
    paidAt: record.paidAt ?? null,
    ...(state.declineCode ? { declineCode: state.declineCode } : {}),
    ...(state.cancellationReason ? { cancellationReason: state.cancellationReason } : {}),
    ...(state.attentionReason ? { attentionReason: state.attentionReason } : {}),
    ...(record.receipt ? { receipt: record.receipt } : {}),
    refunded: refundedAmount(record),
    refunds: record.refunds.map(({ id, amount, status, reason }) => ({ id, amount, status, reason })),
    expiresAt: isFinal(state.status) ? null : record.lastProgressAt + record.timeoutMs,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
