/**
 * Paying: the session, one attempt at a time with the reader (each owns an AbortController: cancel, a new order or
 * going offline aborts it and everything it started stops), the server's verdict, cancel and recovery.
 * Only the worker decides whether the customer paid: its `/complete`, or the session it settled itself (server-driven).
 * Its concerns live beside it: starting the order (`order-start.ts`), the session's expiry (`session-expiry.ts`),
 * recovery (`checkout-recovery.ts`), and the worker's calls in `../checkout/` (cancel, verdict, order number).
 */
import { createSignal } from 'solid-js';
import type { CompleteResponse, SessionView } from '../../../shared/api.ts';
import { cancelUntilDone } from '../checkout/cancel-session.ts';
import { awaitOrderNumber } from '../checkout/order-number.ts';
import { awaitVerdict } from '../checkout/verdict.ts';
import type { CheckoutDriver, DriverOutcome } from '../checkout/driver.ts';
import { declineMessageKey } from '../declines.ts';
import { sessionReference } from '../../../shared/session-reference.ts';
import { cartLinesOf, paymentInFlight, type PaymentInFlight, settlementFor, verdictOf } from '../flow-decisions.ts';
import { canCancel } from '../kiosk-screen.ts';
import { onThisClock } from '../server-clock.ts';
import * as storage from '../storage.ts';
import type { Cart } from './cart.ts';
import type { Connection } from './connection.ts';
import type { CustomerWatch } from './customer-choices.ts';
import type { KioskStateSignal } from './kiosk-state.ts';
import { attemptProgress } from './attempt-progress.ts';
import { recoverCheckout } from './checkout-recovery.ts';
import { createOrderStart } from './order-start.ts';
import { createReaderSlot, type SoftwareWatch } from './reader-slot.ts';
import { createSessionExpiry } from './session-expiry.ts';

export function createCheckout(
  { state, dispatch }: KioskStateSignal,
  connection: Connection,
  cart: Cart,
  software: SoftwareWatch,
  customer: CustomerWatch,
) {
  const [current, setCurrent] = createSignal<{ view: SessionView; seenAt: number; expiresAt: number | null } | null>(null);
  const session = () => current()?.view ?? null;
  /**
   * The session as the server last showed it; its `expiresAt` is when the server ends it without progress, kept on the
   * tablet's clock (as the idle prompt's touches are) from the worker's, whatever the tablet's clock says.
   */
  const setSession = (view: SessionView | null) =>
    setCurrent(view ? { view, seenAt: Date.now(), expiresAt: view.expiresAt === null ? null : onThisClock(view.expiresAt) } : null);
  /** A checkout the reader's refusal ended as it opened (server-driven): staff find it by its reference. */
  const [refusedSessionId, setRefusedSessionId] = createSignal<string | null>(null);
  let attempt: AbortController | null = null;

  const reader = createReaderSlot(dispatch, software);
  const order = createOrderStart({ state, dispatch }, connection, cart, customer, setRefusedSessionId, beginAttempt, beginPayment);

  const expiry = createSessionExpiry(
    state,
    connection,
    session,
    setSession,
    () => attempt?.signal,
    (view, signal) => conclude(view, verdictOf(view), undefined, signal ?? beginAttempt()),
  );

  /** A new attempt aborts the one before it. */
  function beginAttempt(): AbortSignal {
    attempt?.abort();
    attempt = new AbortController();
    return attempt.signal;
  }

  function abort() {
    attempt?.abort();
    attempt = null;
  }

  function beginPayment(view: SessionView, signal: AbortSignal) {
    setSession(view);
    cart.replace(cartLinesOf(view));
    // Declined already (a card the reader took before the worker's answer came back): the customer is told, and
    // chooses another card, rather than being asked for one again without a word.
    if (view.status === 'failed') return conclude(view, verdictOf(view), undefined, signal);
    return takeCard(view, signal);
  }

  /** One attempt at the reader for the session, then whatever its outcome calls for. */
  async function takeCard(view: SessionView, signal: AbortSignal): Promise<void> {
    const loading = reader.current();
    if (!loading) throw new Error('The checkout has no reader driver yet');
    dispatch({ type: 'checkout_started' });
    let driver: CheckoutDriver;
    try {
      driver = await loading;
    } catch {
      if (!signal.aborted) dispatch({ type: 'reader_problem', problem: 'reader_software_unavailable' });
      return;
    }
    let outcome: DriverOutcome;
    try {
      outcome = await driver.collect(view, signal, attemptProgress(signal, dispatch, session, setSession));
    } catch (error) {
      if (signal.aborted) return;
      // Not a reader answer but a bug: the card may have been read, so the server decides.
      console.error(error);
      return settle(view, undefined, signal);
    }
    if (signal.aborted) return;
    switch (outcome.kind) {
      case 'processed':
        return settle(view, outcome.readerDecline, signal);
      case 'verdict':
        setSession(outcome.session);
        return conclude(outcome.session, verdictOf(outcome.session), undefined, signal);
      case 'declined':
        return void dispatch({ type: 'declined', reason: declineMessageKey(outcome.declineCode) });
      case 'cancelled_on_reader':
        // Cancelled on the reader itself rather than with our button: settle it the same way.
        return cancelCheckout();
      case 'problem':
        return void dispatch({ type: 'reader_problem', problem: outcome.problem });
      case 'unreachable':
        return connection.goOffline();
      case 'revoked':
        return connection.revoked();
    }
  }

  /** Asks the server whether the PaymentIntent succeeded and shows its answer. */
  async function settle(view: SessionView, readerDecline: string | undefined, signal: AbortSignal): Promise<void> {
    dispatch({ type: 'verifying' });
    let verdict;
    try {
      verdict = await awaitVerdict(view, signal);
    } catch (error) {
      // The stored checkout says processing started, so recovery asks again once the kiosk is back online.
      if (!signal.aborted) connection.failed(error);
      return;
    }
    if (verdict === null) return void dispatch({ type: 'staff_needed', reason: 'error.outcomeUnknown' });
    if (verdict) return conclude(view, verdict, readerDecline, signal);
  }

  /** Shows the server's verdict on the session. */
  function conclude(view: SessionView, verdict: CompleteResponse, readerDecline: string | undefined, signal: AbortSignal): Promise<void> | void {
    switch (settlementFor(verdict)) {
      case 'success':
        return paid({ ...view, status: 'success', receipt: verdict.receipt ?? view.receipt, orderNumber: verdict.orderNumber ?? view.orderNumber });
      case 'declined':
        return void dispatch({ type: 'declined', reason: declineMessageKey(verdict.declineCode ?? readerDecline) });
      case 'cancelled':
        // Nobody answered "Are you still there?" and the server ended the session: the next customer starts afresh.
        if (view.cancellationReason === 'expired') return walkedAway();
        storage.forgetCheckout();
        return void dispatch({ type: 'cancelled' });
      case 'attention':
        storage.forgetCheckout();
        return void dispatch({ type: 'staff_needed', reason: 'error.attention' });
      case 'open':
        // The reader's decline stands; otherwise the card was never charged (say, a crash before processing).
        return readerDecline ? void dispatch({ type: 'declined', reason: declineMessageKey(readerDecline) }) : takeCard(view, signal);
      case 'pending':
        return settle(view, readerDecline, signal);
    }
  }

  function paid(view: SessionView) {
    abort();
    // Kept until the success screen ends (`clear`): a reload meanwhile shows this screen again, with the order number.
    storage.amendCheckout({ paid: true });
    cart.clear();
    setSession(view);
    dispatch({ type: 'paid', paid: { receipt: view.receipt ?? null, amount: view.amount, tip: view.tip, currency: view.currency } });
    const shown = () => state().screen.name === 'success' && session()?.sessionId === view.sessionId;
    if (view.orderNumber === null) void awaitOrderNumber(view.sessionId, shown, setSession);
  }

  /** Cancel while the reader is readied or waits, after a decline, or on a reader problem. */
  function cancel(): Promise<void> {
    return canCancel(state().screen) ? cancelCheckout() : Promise.resolve();
  }

  /** The customer is gone: the order is given up and the next customer starts afresh. */
  function walkedAway() {
    clear();
    dispatch({ type: 'to_start' });
  }

  /** Nobody answered after a decline or a reader problem: the payment is cancelled, then the kiosk starts afresh. */
  function abandon(): Promise<void> {
    return canCancel(state().screen) ? cancelCheckout(walkedAway) : Promise.resolve();
  }

  /** Cancels the checkout; `then` what the customer sees once it is cancelled (the order, as it was, by default). */
  async function cancelCheckout(then: () => void = () => void dispatch({ type: 'cancelled' })) {
    const signal = beginAttempt();
    storage.amendCheckout({ cancelRequested: true });
    const view = session();
    // The session is still being created: `pay` cancels it as soon as it exists.
    if (!view) return then();
    await reader.withDriver((driver) => driver.stop());
    let ended;
    try {
      ended = await cancelUntilDone(view.sessionId, signal, (notice) => dispatch({ type: 'reader_trouble', notice, cancelling: true }));
    } catch (error) {
      return connection.failed(error);
    }
    if (ended === 'settle') return settle(view, undefined, signal);
    if (signal.aborted) return;
    storage.forgetCheckout();
    then();
  }

  /** Another card after a decline, or the reader again once its problem is solved, on the same PaymentIntent. */
  function tryAgain() {
    const screen = state().screen;
    if (screen.name !== 'declined' && screen.name !== 'reader_problem') return;
    // Stripe's loader keeps a failed load: only a reload tries again, and recovery resumes this session afterwards.
    if (screen.name === 'reader_problem' && screen.problem === 'reader_software_unavailable') return location.reload();
    const view = session();
    // The reader refused the order before it had a session: the same cart starts a new one.
    if (!view) return void order.again();
    void takeCard(view, beginAttempt());
  }

  /** Forgets the cancelled checkout; the order stays as it was. */
  function forget() {
    abort();
    setSession(null);
  }

  /** Forgets the finished checkout, and its order. */
  function clear() {
    abort();
    storage.forgetCheckout();
    setSession(null);
    setRefusedSessionId(null);
    cart.clear();
  }

  /** After a reload, a crash or an outage: picks up the checkout found in storage, as the server sees it. */
  const recover = () =>
    recoverCheckout(customer, {
      ready: () => void dispatch({ type: 'ready', ordering: cart.lines().length > 0 }),
      resume: (view) => beginPayment(view, beginAttempt()),
      paid,
      cancel: (view) => {
        setSession(view);
        return cancelCheckout();
      },
      verify: (view) => {
        setSession(view);
        return settle(view, undefined, beginAttempt());
      },
    });

  /** The payment in flight as the tablet remembers it (`paymentInFlight`), with its reference for staff. */
  function inFlight(): { payment: PaymentInFlight; reference: string | null } {
    const stored = storage.loadCheckout();
    const sessionId = session()?.sessionId ?? stored?.sessionId ?? null;
    return { payment: paymentInFlight(stored, session()?.status ?? null), reference: sessionId ? sessionReference(sessionId) : null };
  }

  /** The customer changed their language or layout in the middle of their checkout: recovery gives back the new one. */
  function keepCustomer(choice: storage.CustomerChoice) {
    storage.amendCheckout({ customer: choice });
  }

  return {
    session,
    /** The session's `expiresAt` and when the kiosk learned it, both on the tablet's clock. */
    expiry: () => {
      const seen = current();
      return seen ? { expiresAt: seen.expiresAt, seenAt: seen.seenAt } : null;
    },
    reference: () => {
      const sessionId = session()?.sessionId ?? refusedSessionId();
      return sessionId ? sessionReference(sessionId) : null;
    },
    inFlight,
    keepCustomer,
    stillHere: expiry.stillHere,
    awaitServerEnd: expiry.awaitServerEnd,
    abandon,
    prepare: reader.prepare,
    recover,
    pay: order.pay,
    cancel,
    tryAgain,
    forget,
    clear,
    abort,
    resetReader: () => reader.withDriver((driver) => driver.reset()),
    readerLink: () => reader.loaded()?.readerLink() ?? null,
    chooseTestCard: (cardNumber: string) => reader.withDriver((driver) => driver.chooseTestCard(cardNumber)),
    tapTestCard: async (cardNumber: string) => {
      if (state().screen.name === 'waiting_card') await reader.withDriver((driver) => driver.tapTestCard(cardNumber));
    },
  };
}

export type Checkout = ReturnType<typeof createCheckout>;
