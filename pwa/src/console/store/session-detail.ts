import { createResource, createSignal, onCleanup } from 'solid-js';
import type { InPersonRefundRequest, RefundRequest, SessionDetail } from '../../../../shared/api.ts';
import { isFinal } from '../../../../shared/session-status.ts';
import * as api from '../api.ts';
import { operatorIntentKey } from './operator-intent-key.ts';
import { valueOf } from './resource-value.ts';

/** How often an open session page reads the session again: refunds settle, and may fail, after the fact. */
const REFRESH_MS = 3000;

/** What is left to refund of a session's payment (the order and any tip), in the smallest unit. */
export const refundable = (detail: SessionDetail): number =>
  detail.session.status === 'success' ? detail.session.amount + detail.session.tip - detail.session.refunded : 0;

export const canCancel = (detail: SessionDetail): boolean => !isFinal(detail.session.status);

/** Paid with Interac: Stripe refunds it only at a reader, with the customer's card, never online. */
export const refundsAtReader = (detail: SessionDetail): boolean => detail.paidWith === 'interac_present';

/**
 * Where the page offers the reader's refund: an Interac payment, or Interac money a session must not keep
 * (`requires_attention`, which the worker never refunds by itself), as long as some is left or a refund was tried there.
 */
export const offersRefundAtReader = (detail: SessionDetail): boolean =>
  refundsAtReader(detail) &&
  (detail.session.status === 'success' || (detail.session.status === 'requires_attention' && (detail.refundable > 0 || detail.inPersonRefund !== null)));

/** A session that needs an operator, not yet marked handled. */
export const awaitsOperator = (detail: SessionDetail): boolean => detail.session.status === 'requires_attention' && detail.handledAt === null;

/** The refund the operator is writing: the amount as they typed it (null: all that is left) and its reason. */
export interface RefundDraft {
  amount: string | null;
  reason: NonNullable<RefundRequest['reason']> | '';
}

/** One session: its view, its kiosk, and what an operator does with it. */
export function createSessionDetail(sessionId: string) {
  const [detail, { refetch }] = createResource(() => api.session(sessionId));
  const [kiosk] = createResource(() => valueOf(detail)?.kioskId, api.kiosk);

  const timer = setInterval(() => {
    if (document.visibilityState !== 'visible' || detail.loading) return;
    void refetch();
  }, REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  // One Idempotency-Key per refund the operator means, online or at a reader (a retry never refunds twice).
  const refunds = operatorIntentKey((request: RefundRequest, key: string) => api.refund(sessionId, request, key));
  const inPersonRefunds = operatorIntentKey((request: InPersonRefundRequest, key: string) => api.refundInPerson(sessionId, request, key));
  // Kept by the page, not its form: a refund whose answer was lost is retried as the operator wrote it, with its key.
  const [refundDraft, setRefundDraft] = createSignal<RefundDraft>({ amount: null, reason: '' });
  async function refund(request: RefundRequest) {
    try {
      return await refunds.send(request);
    } finally {
      void refetch();
    }
  }

  async function refundInPerson(request: InPersonRefundRequest) {
    try {
      return await inPersonRefunds.send(request);
    } finally {
      void refetch();
    }
  }

  async function cancelInPersonRefund() {
    // The operator ended the refund they meant (also one whose start's answer was lost): the next one is new, never
    // that one's key, which would only get the cancelled attempt back.
    inPersonRefunds.forget();
    try {
      return await api.cancelInPersonRefund(sessionId);
    } finally {
      void refetch();
    }
  }

  async function cancel() {
    try {
      await api.cancelSession(sessionId);
    } finally {
      void refetch();
    }
  }

  async function markHandled() {
    try {
      await api.markSessionHandled(sessionId);
    } finally {
      void refetch();
    }
  }

  return {
    detail,
    kioskName: () => valueOf(kiosk)?.name ?? valueOf(detail)?.kioskId ?? '',
    refund,
    refundInPerson,
    cancelInPersonRefund,
    refundDraft,
    setRefundDraft,
    cancel,
    markHandled,
  };
}
