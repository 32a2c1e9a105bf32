/**
 * Starting an order: its session created for the cart (server-driven, the reader has it from then on), or the worker's
 * refusal shown.
 */
import type { ServiceMode, SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { cancelUnanswered } from '../checkout/cancel-session.ts';
import {
  orderRefusalNotice,
  passingCreateFailure,
  readerProblemOf,
  refusedByMenu,
  refusedBySettings,
  sessionRequestOf,
} from '../flow-decisions.ts';
import { callWhileBusy } from '../retry.ts';
import * as storage from '../storage.ts';
import { wait } from '../timing.ts';
import type { Cart } from './cart.ts';
import type { Connection } from './connection.ts';
import type { CustomerWatch } from './customer-choices.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

/** For promises whose failure is handled elsewhere (recovery). */
const ignore = () => undefined;

/** No answer that says no: the worker may have opened the session before it failed, and the same key asks again. */
const passingCreate = (error: api.ApiError) => passingCreateFailure(error.status, error.code, error.sessionId);

/**
 * `refused`: the checkout a refusal ended as it opened (server-driven), for staff to find by its reference; null for a
 * new order. `beginPayment`: takes the customer's card for the session created.
 */
export function createOrderStart(
  { state, dispatch }: KioskStateSignal,
  connection: Connection,
  cart: Cart,
  customer: CustomerWatch,
  refused: (sessionId: string | null) => void,
  beginAttempt: () => AbortSignal,
  beginPayment: (view: SessionView, signal: AbortSignal) => Promise<void> | void,
) {
  /** The latest order's answer to "eat here or take away?". */
  let orderedServiceMode: ServiceMode | undefined;

  /** Pay for the cart, with the customer's answer to "eat here or take away?" on kiosks that ask. */
  async function pay(serviceMode?: ServiceMode) {
    const screen = state().screen.name;
    if ((screen !== 'catalog' && screen !== 'service_mode') || cart.lines().length === 0) return;
    return startOrder(serviceMode);
  }

  async function startOrder(serviceMode?: ServiceMode) {
    if (!navigator.onLine) return connection.goOffline();
    // Kept for "Try again" once the reader refused the order (the stored order is forgotten then).
    orderedServiceMode = serviceMode;
    const order: storage.StoredCheckout = {
      idempotencyKey: crypto.randomUUID(),
      items: cart.lines(),
      ...(serviceMode ? { serviceMode } : {}),
      customer: customer.current(),
    };
    // Saved before the request: if its answer is lost, recovery repeats it with the same key.
    storage.saveCheckout(order);
    refused(null);
    const signal = beginAttempt();
    dispatch({ type: 'checkout_started' });
    let created: SessionView;
    try {
      // Server-driven, this already hands the payment to the reader. The worker answered, busy or without Stripe this
      // time: not offline. The customer reads why they wait, and the same key asks again after its Retry-After.
      created = await callWhileBusy(
        () => api.createSession(sessionRequestOf(order), order.idempotencyKey),
        signal,
        (notice) => dispatch({ type: 'reader_trouble', notice }),
        wait,
        passingCreate,
      );
    } catch (error) {
      if (signal.aborted) {
        // Cancel was pressed meanwhile. Without a final answer (none, one that does not say no, or none yet while
        // waiting to ask again), the worker's failure may come after it opened the session and handed it to the
        // reader: the session may exist all the same, holding the reader.
        const unanswered = !(error instanceof api.ApiError) || passingCreate(error);
        if (unanswered && storage.loadCheckout()?.cancelRequested) void cancelUnanswered(order).catch(ignore);
        return;
      }
      if (!(error instanceof api.ApiError) || api.isAuthError(error)) return connection.failed(error);
      // Refused: nothing was left that could take money.
      storage.forgetCheckout();
      refused(error.sessionId);
      const problem = readerProblemOf(error.code);
      if (problem) return void dispatch({ type: 'reader_problem', problem });
      // Sold out or changed since the kiosk last read its menu, or a setting it has not heard of: "try again" would be
      // refused again.
      if (refusedBySettings(error.code)) await connection.refresh();
      const menuChanged = refusedByMenu(error.code) && (await cart.takeOutWhatIsGone());
      const notice = orderRefusalNotice(error.code, cart.total());
      if (!signal.aborted) dispatch({ type: 'order_failed', menuChanged, notice });
      return;
    }
    const cancelRequested = storage.loadCheckout()?.cancelRequested;
    storage.saveCheckout({ ...order, sessionId: created.sessionId, readerMode: created.readerMode, cancelRequested });
    if (signal.aborted) {
      // Cancel was pressed while the session was being created; if this fails, recovery cancels it later.
      // Aborted for going offline instead, the session is resumed by recovery.
      if (cancelRequested) api.cancelSession(created.sessionId).then(storage.forgetCheckout, ignore);
      return;
    }
    return beginPayment(created, signal);
  }

  return {
    pay,
    /** The same order again, once the reader refused it before it had a session. */
    again: () => startOrder(orderedServiceMode),
  };
}
