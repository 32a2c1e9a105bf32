/**
 * Paying: the session, one attempt at a time with the reader (each owns an AbortController: cancel, a new order or
 * going offline aborts it and everything it started stops), the server's verdict, cancel and recovery.
 * Only the worker decides whether the customer paid: its `/complete`, or the session it settled itself (server-driven).
 */
import { createSignal } from 'solid-js';
import type { CompleteResponse, KioskConfigResponse, SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { createCheckoutDriver, type CheckoutDriver, type CheckoutProgress, type DriverOutcome, type ReaderStatus } from '../checkout/driver.ts';
import { declineMessageKey } from '../declines.ts';
import { readerProblemOf, recoveryFor, settlementFor, verdictOf } from '../flow-decisions.ts';
import { canCancel } from '../kiosk-screen.ts';
import * as storage from '../storage.ts';
import { wait } from '../timing.ts';
import type { Cart } from './cart.ts';
import type { Connection } from './connection.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

const COMPLETE_POLLS = 6;

const ignore = () => undefined;

export interface SoftwareWatch {
  loaded(): void;
  failed(): void;
}

export function createCheckout({ state, dispatch }: KioskStateSignal, connection: Connection, cart: Cart, software: SoftwareWatch) {
  const [session, setSession] = createSignal<SessionView | null>(null);
  /** Loads with its chunk; rejected when the chunk could not be loaded. */
  let driver: Promise<CheckoutDriver> | null = null;
  let driverFor: string | null = null;
  /** The driver once loaded, for questions that cannot wait for it. */
  let loadedDriver: CheckoutDriver | null = null;
  let attempt: AbortController | null = null;

  const readerStatus: ReaderStatus = {
    trouble: (notice) => dispatch({ type: 'reader_trouble', notice }),
    recovered: () => dispatch({ type: 'reader_recovered' }),
    softwareLoaded: () => software.loaded(),
    softwareUnavailable: () => software.failed(),
  };

  /** Readies the reader driver for this configuration, a new one if the kiosk's modes or reader changed. */
  function prepare(config: KioskConfigResponse) {
    const key = `${config.mode} ${config.readerMode} ${config.readerId}`;
    if (driver && driverFor === key) return;
    driver?.then((old) => old.dispose(), ignore);
    driverFor = key;
    loadedDriver = null;
    const created = createCheckoutDriver(config, readerStatus);
    driver = created;
    created.then((ready) => {
      if (driver === created) loadedDriver = ready;
      ready.warmUp();
    }, readerStatus.softwareUnavailable);
  }

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

  const progressFor = (signal: AbortSignal): CheckoutProgress => ({
    waitingForCard: () => {
      if (!signal.aborted) dispatch({ type: 'waiting_for_card' });
    },
    cardRead: () => {
      if (signal.aborted) return;
      // From here the card may be charged: after a crash, recovery asks the server before anything else.
      const stored = storage.loadCheckout();
      if (stored) storage.saveCheckout({ ...stored, processingStarted: true });
      dispatch({ type: 'card_read' });
    },
    trouble: (notice) => {
      if (!signal.aborted) dispatch({ type: 'reader_trouble', notice });
    },
  });

  async function pay() {
    if (state().screen.name !== 'catalog' || cart.lines().length === 0) return;
    return startOrder();
  }

  async function startOrder() {
    if (!navigator.onLine) return connection.goOffline();
    const order: storage.StoredCheckout = { idempotencyKey: crypto.randomUUID(), items: cart.lines() };
    // Saved before the request: if its answer is lost, recovery repeats it with the same key.
    storage.saveCheckout(order);
    const signal = beginAttempt();
    dispatch({ type: 'checkout_started' });
    let created: SessionView;
    try {
      // Server-driven, this already hands the payment to the reader.
      created = await api.createSession(order.items, order.idempotencyKey);
    } catch (error) {
      if (signal.aborted) return;
      if (!(error instanceof api.ApiError) || api.isAuthError(error)) return connection.failed(error);
      // Refused: nothing was left that could take money.
      storage.forgetCheckout();
      const problem = readerProblemOf(error.code);
      return void dispatch(problem ? { type: 'reader_problem', problem } : { type: 'order_failed' });
    }
    const cancelRequested = storage.loadCheckout()?.cancelRequested;
    storage.saveCheckout({ ...order, sessionId: created.sessionId, cancelRequested });
    if (signal.aborted) {
      // Cancel was pressed while the session was being created; if this fails, recovery cancels it later.
      // Aborted for going offline instead, the session is resumed by recovery.
      if (cancelRequested) api.cancelSession(created.sessionId).then(storage.forgetCheckout, ignore);
      return;
    }
    return beginPayment(created, signal);
  }

  function beginPayment(view: SessionView, signal: AbortSignal) {
    setSession(view);
    cart.replace(view.items.map(({ id, quantity }) => ({ id, quantity })));
    return takeCard(view, signal);
  }

  /** One attempt at the reader for the session, then whatever its outcome calls for. */
  async function takeCard(view: SessionView, signal: AbortSignal): Promise<void> {
    if (!driver) throw new Error('The checkout has no reader driver yet');
    dispatch({ type: 'checkout_started' });
    let reader: CheckoutDriver;
    try {
      reader = await driver;
    } catch {
      if (!signal.aborted) dispatch({ type: 'reader_problem', problem: 'reader_software_unavailable' });
      return;
    }
    let outcome: DriverOutcome;
    try {
      outcome = await reader.collect(view, signal, progressFor(signal));
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
    for (let poll = 0; poll < COMPLETE_POLLS; poll++) {
      let verdict;
      try {
        verdict = await api.completeSession(view.sessionId, view.paymentIntentId);
      } catch (error) {
        // The stored checkout says processing started, so recovery asks again once the kiosk is back online.
        if (!signal.aborted) connection.failed(error);
        return;
      }
      if (signal.aborted) return;
      if (settlementFor(verdict) !== 'pending') return conclude(view, verdict, readerDecline, signal);
      try {
        await wait(1_000 * (poll + 1), signal);
      } catch {
        return;
      }
    }
    dispatch({ type: 'staff_needed', reason: 'error.outcomeUnknown' });
  }

  /** Shows the server's verdict on the session. */
  function conclude(view: SessionView, verdict: CompleteResponse, readerDecline: string | undefined, signal: AbortSignal): Promise<void> | void {
    switch (settlementFor(verdict)) {
      case 'success':
        return paid({ ...view, receipt: verdict.receipt ?? view.receipt });
      case 'declined':
        return void dispatch({ type: 'declined', reason: declineMessageKey(verdict.declineCode ?? readerDecline) });
      case 'cancelled':
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
    storage.forgetCheckout();
    cart.clear();
    setSession(view);
    dispatch({ type: 'paid', paid: { receipt: view.receipt ?? null, amount: view.amount, tip: view.tip, currency: view.currency } });
  }

  /** Cancel while the reader is readied or waits, after a decline, or on a reader problem. */
  function cancel(): Promise<void> {
    return canCancel(state().screen) ? cancelCheckout() : Promise.resolve();
  }

  async function cancelCheckout() {
    const signal = beginAttempt();
    const stored = storage.loadCheckout();
    if (stored) storage.saveCheckout({ ...stored, cancelRequested: true });
    const view = session();
    // The session is still being created: `pay` cancels it as soon as it exists.
    if (!view) return void dispatch({ type: 'cancelled' });
    await driver?.then((reader) => reader.stop(), ignore);
    try {
      await api.cancelSession(view.sessionId);
    } catch (error) {
      if (signal.aborted) return;
      // Paid meanwhile, or the card is being processed right now: the server's verdict decides.
      if (error instanceof api.ApiError && (error.code === 'already_paid' || error.code === 'payment_in_progress')) {
        return settle(view, undefined, signal);
      }
      // Any other 409: already finished otherwise (expired, cancelled), nothing left to cancel.
      if (!(error instanceof api.ApiError && error.status === 409)) return connection.failed(error);
    }
    if (signal.aborted) return;
    storage.forgetCheckout();
    dispatch({ type: 'cancelled' });
  }

  /** Another card after a decline, or the reader again once its problem is solved, on the same PaymentIntent. */
  function tryAgain() {
    const screen = state().screen;
    if (screen.name !== 'declined' && screen.name !== 'reader_problem') return;
    // Stripe's loader keeps a failed load: only a reload tries again, and recovery resumes this session afterwards.
    if (screen.name === 'reader_problem' && screen.problem === 'reader_software_unavailable') return location.reload();
    const view = session();
    // The reader refused the order before it had a session: the same cart starts a new one.
    if (!view) return void startOrder();
    void takeCard(view, beginAttempt());
  }

  /** Forgets the finished checkout. */
  function clear() {
    abort();
    setSession(null);
    cart.clear();
  }

  async function sessionOrNull(sessionId: string): Promise<SessionView | null> {
    try {
      return await api.getSession(sessionId);
    } catch (error) {
      if (error instanceof api.ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** The answer to "create session" was lost: the same idempotency key brings back the same session. */
  async function recreateSession(stored: storage.StoredCheckout) {
    let created: SessionView;
    try {
      created = await api.createSession(stored.items, stored.idempotencyKey);
    } catch (error) {
      if (!(error instanceof api.ApiError) || api.isAuthError(error)) throw error;
      storage.forgetCheckout();
      return void dispatch({ type: 'ready' });
    }
    storage.saveCheckout({ ...stored, sessionId: created.sessionId });
    return beginPayment(created, beginAttempt());
  }

  /** After a reload, a crash or an outage: picks up the checkout found in storage, as the server sees it. */
  async function recover() {
    const stored = storage.loadCheckout();
    const view = stored?.sessionId ? await sessionOrNull(stored.sessionId) : null;
    switch (recoveryFor(stored, view)) {
      case 'none':
        return void dispatch({ type: 'ready' });
      case 'clear':
        storage.forgetCheckout();
        return void dispatch({ type: 'ready' });
      case 'recreate':
        return recreateSession(stored!);
      case 'show_success':
        return paid(view!);
      case 'cancel':
        setSession(view);
        return cancelCheckout();
      case 'verify':
        setSession(view);
        return settle(view!, undefined, beginAttempt());
      case 'resume':
        return beginPayment(view!, beginAttempt());
    }
  }

  return {
    session,
    prepare,
    recover,
    pay,
    cancel,
    tryAgain,
    clear,
    abort,
    resetReader: () => driver?.then((reader) => reader.reset(), ignore),
    readerLink: () => loadedDriver?.readerLink() ?? null,
    chooseTestCard: (cardNumber: string) => driver?.then((reader) => reader.chooseTestCard(cardNumber), ignore),
    tapTestCard: async (cardNumber: string) => {
      if (state().screen.name === 'waiting_card') await driver?.then((reader) => reader.tapTestCard(cardNumber), ignore);
    },
  };
}

export type Checkout = ReturnType<typeof createCheckout>;
