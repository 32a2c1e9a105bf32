/**
 * The kiosk's one store: what the customer sees (one status signal), the cart, and every action.
 * The reader flow is the design's discover -> connect -> collectPaymentMethod -> processPayment; the worker's
 * `/complete` alone decides whether the customer paid.
 */
import { createSignal } from 'solid-js';
import type { CartLine, CatalogResponse, KioskConfigResponse, Receipt, SessionView, StripeMode } from '../../shared/api.ts';
import { TEST_CARDS } from '../../shared/test-cards.ts';
import * as api from './api.ts';
import { declineMessageKey } from './declines.ts';
import {
  addToCart,
  cartTotal,
  readerDisplayFor,
  recoveryFor,
  removeFromCart,
  settlementFor,
} from './flow-decisions.ts';
import { type Language, type MessageKey, otherLanguage } from './i18n.ts';
import * as storage from './storage.ts';
import { isError, type TerminalAdapter, type TerminalEvents, type TerminalError } from './terminal/adapter.ts';
import { collectWithCart } from './terminal/collect-with-cart.ts';
import { screenForTerminalError, type TerminalPhase } from './terminal/errors.ts';
import { backoffDelay, wait } from './terminal/reader-link.ts';
import { createSimulatedReaderAdapter } from './terminal/simulated-reader.ts';

/** The design's payment statuses, plus the screens around them. `idle` is the catalog. */
export type FlowStatus =
  | 'starting'
  | 'pairing'
  | 'offline'
  | 'idle'
  | 'connecting'
  | 'waiting_card'
  | 'processing'
  | 'success'
  | 'failed'
  | 'cancelled';

export interface Failure {
  headline: MessageKey;
  messageKey: MessageKey;
  /** A declined card may be followed by another card on the same PaymentIntent. */
  canRetry: boolean;
}

export interface PaidResult {
  receipt: Receipt | null;
  amount: number;
  currency: string;
}

const DEV_KIOSK_TOKEN = 'dev-kiosk-token';
const SUCCESS_RETURN_SECONDS = 8;
const CANCELLED_RETURN_MS = 3_000;
const IDLE_CART_MS = 60_000;
/** A customer who walks away from a declined card: give up the order after this long. */
const ABANDONED_DECLINE_MS = 90_000;
const OFFLINE_PROBE_MS = 4_000;
const COMPLETE_POLLS = 6;

export function createPaymentFlow() {
  const [status, setStatus] = createSignal<FlowStatus>('starting');
  /** A passing remark under the status: reader lost, reader busy, order could not start... */
  const [notice, setNotice] = createSignal<MessageKey | null>(null);
  const [language, setLanguage] = createSignal<Language>('en');
  const [mode, setMode] = createSignal<StripeMode | null>(null);
  const [kiosk, setKiosk] = createSignal<KioskConfigResponse | null>(null);
  const [catalog, setCatalog] = createSignal<CatalogResponse | null>(null);
  const [cart, setCart] = createSignal<CartLine[]>([]);
  const [session, setSession] = createSignal<SessionView | null>(null);
  const [paid, setPaid] = createSignal<PaidResult | null>(null);
  const [failure, setFailure] = createSignal<Failure | null>(null);
  const [secondsLeft, setSecondsLeft] = createSignal(0);
  const [pairingRejected, setPairingRejected] = createSignal(false);
  const [testCard, setTestCard] = createSignal(TEST_CARDS[0]?.number ?? '4242424242424242');

  /** Each payment attempt gets a number; a cancelled or abandoned attempt sees a newer one and stops. */
  let attempt = 0;
  let terminal: Promise<TerminalAdapter> | null = null;
  let terminalMode: StripeMode | null = null;
  let screenTimer: ReturnType<typeof setTimeout> | undefined;
  let countdown: ReturnType<typeof setInterval> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let offlineProbe: ReturnType<typeof setInterval> | undefined;
  /** The session (and attempt) whose card the reader is collecting right now. */
  let collectingFor: { view: SessionView; token: number } | null = null;

  const stillCurrent = (token: number) => token === attempt;

  function stopTimers() {
    clearTimeout(screenTimer);
    clearInterval(countdown);
  }

  function show(next: FlowStatus) {
    if (next !== status()) stopTimers();
    setStatus(next);
  }

  // ---- the reader -------------------------------------------------------------------------------------------------

  const terminalEvents: TerminalEvents = {
    onReaderLost: () => setNotice('reader.lost'),
    onReaderReconnected: () => setNotice((current) => (current === 'reader.lost' ? null : current)),
    onReaderInUse: () => setNotice('reader.inUse'),
    // "Insert or tap your card" only once the reader really waits for it.
    onWaitingForInput: () => {
      if (!collectingFor || !stillCurrent(collectingFor.token) || status() !== 'connecting') return;
      setNotice(null);
      show('waiting_card');
      reportProgress(collectingFor.view, 'waiting_card');
    },
  };

  async function createTerminal(config: KioskConfigResponse): Promise<TerminalAdapter> {
    if (config.mode === 'simulated') {
      return createSimulatedReaderAdapter({ api: api.simulatedReader, events: terminalEvents });
    }
    // Only test and live kiosks download the SDK module (and it then loads Stripe's script).
    const { createStripeTerminalAdapter } = await import('./terminal/stripe-terminal.ts');
    return createStripeTerminalAdapter({
      mode: config.mode,
      locationId: config.locationId,
      fetchConnectionToken: api.createConnectionToken,
      events: terminalEvents,
    });
  }

  function getTerminal(): Promise<TerminalAdapter> {
    const config = kiosk();
    if (!config) return Promise.reject(new Error('The kiosk is not configured yet'));
    if (terminal && terminalMode === config.mode) return terminal;
    void terminal?.then((previous) => previous.dispose(), () => undefined);
    terminalMode = config.mode;
    const created = createTerminal(config);
    terminal = created;
    // A failed load (Stripe's CDN unreachable) is retried on the next payment.
    created.catch(() => {
      if (terminal === created) terminal = null;
    });
    return created;
  }

  // ---- start-up, pairing, connectivity ------------------------------------------------------------------------------

  /** `?token=` in the install URL pairs the kiosk; the token is removed from the address bar right away. */
  function takeTokenFromUrl() {
    const url = new URL(location.href);
    const token = url.searchParams.get('token');
    if (!token) return;
    storage.saveToken(token);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  async function start() {
    stopOfflineProbe();
    takeTokenFromUrl();
    if (!navigator.onLine) return goOffline();
    try {
      const health = await api.getHealth();
      setMode(health.mode);
      if (!storage.loadToken()) {
        if (health.mode !== 'simulated') return show('pairing');
        storage.saveToken(DEV_KIOSK_TOKEN);
      }
      const [config, menu] = await Promise.all([api.getKiosk(), api.getCatalog()]);
      const firstStart = kiosk() === null;
      setKiosk(config);
      setMode(config.mode);
      setCatalog(menu);
      if (firstStart) setLanguage(config.language);
      void getTerminal().then((reader) => reader.ensureConnected(), () => undefined);
      await recover();
    } catch (error) {
      handleApiFailure(error);
    }
  }

  /** What every unexpected API failure leads to: pairing for bad credentials, the offline screen otherwise. */
  function handleApiFailure(error: unknown) {
    if (api.isAuthError(error)) {
      storage.forgetToken();
      attempt++;
      return show('pairing');
    }
    if (!(error instanceof api.NetworkError)) console.error(error);
    goOffline();
  }

  function goOffline() {
    attempt++;
    void terminal?.then((reader) => reader.cancelCollectPaymentMethod(), () => undefined);
    show('offline');
    if (!offlineProbe) offlineProbe = setInterval(() => void probeConnection(), OFFLINE_PROBE_MS);
  }

  function stopOfflineProbe() {
    clearInterval(offlineProbe);
    offlineProbe = undefined;
  }

  async function probeConnection() {
    if (status() !== 'offline' || !navigator.onLine) return;
    try {
      await api.getHealth();
    } catch {
      return;
    }
    if (status() === 'offline') await start();
  }

  /** The browser lost its network: stop taking orders, unless a payment is mid-way (its own calls notice and settle it). */
  function connectionLost() {
    if (['starting', 'idle', 'success', 'cancelled'].includes(status())) goOffline();
  }

  function connectionBack() {
    void probeConnection();
  }

  async function pair(token: string) {
    const trimmed = token.trim();
    if (!trimmed) return;
    storage.saveToken(trimmed);
    setPairingRejected(false);
    try {
      await api.getKiosk();
    } catch (error) {
      if (api.isAuthError(error)) {
        storage.forgetToken();
        setPairingRejected(true);
        return;
      }
      return handleApiFailure(error);
    }
    await start();
  }

  // ---- recovery after a reload, a crash or an outage -------------------------------------------------------------------

  async function recover() {
    const stored = storage.loadCheckout();
    const view = stored?.sessionId ? await sessionOrNull(stored.sessionId) : null;
    switch (recoveryFor(stored, view)) {
      case 'none':
        return showCatalog();
      case 'clear':
        storage.forgetCheckout();
        return showCatalog();
      case 'recreate':
        return recreateSession(stored!);
      case 'show_success':
        storage.forgetCheckout();
        return showSuccess(view!);
      case 'cancel':
        setSession(view);
        return cancel();
      case 'verify':
        setSession(view);
        return settle(view!, undefined);
      case 'resume':
        return beginPayment(view!);
    }
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
      return showCatalog();
    }
    storage.saveCheckout({ ...stored, sessionId: created.sessionId });
    return beginPayment(created);
  }

  // ---- catalog and cart -------------------------------------------------------------------------------------------------

  function showCatalog() {
    attempt++;
    setSession(null);
    setPaid(null);
    setFailure(null);
    show('idle');
    armIdleTimer();
  }

  /** Any touch on the screen: the customer is still there. */
  function touch() {
    armIdleTimer();
  }

  function armIdleTimer() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (status() === 'idle' && cart().length > 0) {
        setCart([]);
        setNotice(null);
      }
    }, IDLE_CART_MS);
  }

  function addItem(id: string) {
    if (status() !== 'idle') return;
    setNotice(null);
    setCart((current) => addToCart(current, id));
  }

  function removeItem(id: string) {
    if (status() !== 'idle') return;
    setCart((current) => removeFromCart(current, id));
  }

  function clearCart() {
    setCart([]);
  }

  const total = () => cartTotal(cart(), catalog()?.items ?? []);

  function toggleLanguage() {
    setLanguage((current) => otherLanguage(current));
  }

  // ---- paying ----------------------------------------------------------------------------------------------------------

  async function pay() {
    if (status() !== 'idle' || cart().length === 0) return;
    if (!navigator.onLine) return goOffline();
    const checkout: storage.StoredCheckout = { idempotencyKey: crypto.randomUUID(), items: cart() };
    // Saved before the request: if its answer is lost, recovery repeats it with the same key.
    storage.saveCheckout(checkout);
    const token = ++attempt;
    setNotice(null);
    show('connecting');
    let created: SessionView;
    try {
      created = await api.createSession(checkout.items, checkout.idempotencyKey);
    } catch (error) {
      if (!stillCurrent(token)) return;
      if (error instanceof api.ApiError && !api.isAuthError(error)) {
        storage.forgetCheckout();
        showCatalog();
        return setNotice('cart.orderFailed');
      }
      return handleApiFailure(error);
    }
    storage.saveCheckout({ ...checkout, sessionId: created.sessionId, cancelRequested: storage.loadCheckout()?.cancelRequested });
    if (!stillCurrent(token)) {
      // Cancel was pressed while the session was being created; if this fails, recovery cancels it later.
      api.cancelSession(created.sessionId).then(storage.forgetCheckout, () => undefined);
      return;
    }
    await beginPayment(created);
  }

  function beginPayment(view: SessionView) {
    setSession(view);
    setCart(view.items.map((item) => ({ id: item.id, quantity: item.quantity })));
    return collectAndProcess(view);
  }

  function reportProgress(view: SessionView, progress: 'connecting' | 'waiting_card' | 'processing') {
    // A hint that keeps the session alive; the server may refuse it once the session is finished, which is fine.
    api.reportProgress(view.sessionId, progress).catch(() => undefined);
  }

  /**
   * Connect, show the cart on the reader, collect a card, process it, then let the server settle it.
   * Reader trouble is waited out and the same step repeated on the same PaymentIntent; a new one is never created.
   */
  async function collectAndProcess(view: SessionView): Promise<void> {
    const token = ++attempt;
    setFailure(null);
    setPaid(null);
    show('connecting');
    reportProgress(view, 'connecting');
    let troubles = 0;
    const pause = () => wait(backoffDelay(troubles++));

    /** Handles a connect/collect error; true when this attempt is over. */
    async function stepFailed(error: TerminalError, phase: TerminalPhase, reader: TerminalAdapter | null): Promise<boolean> {
      const outcome = screenForTerminalError(error, phase);
      switch (outcome.screen) {
        case 'cancelled':
          // Cancelled on the reader itself rather than with our button: settle it the same way.
          if (stillCurrent(token)) await cancel();
          return true;
        case 'declined':
          showDeclined(outcome.messageKey);
          return true;
        case 'offline':
          try {
            await api.getHealth();
          } catch {
            goOffline();
            return true;
          }
          break;
        case 'reader_lost':
        case 'retry':
          if (error.code === 'command_already_in_progress') await reader?.cancelCollectPaymentMethod();
          break;
      }
      if (!stillCurrent(token)) return true;
      setNotice(outcome.messageKey);
      show('connecting');
      await pause();
      return !stillCurrent(token);
    }

    for (;;) {
      let reader: TerminalAdapter;
      try {
        reader = await getTerminal();
      } catch {
        if (await stepFailed({ code: 'no_readers_found', message: 'The reader software could not be loaded' }, 'connect', null)) return;
        continue;
      }
      const connected = await reader.ensureConnected();
      if (!stillCurrent(token)) return;
      if (isError(connected)) {
        if (await stepFailed(connected.error, 'connect', reader)) return;
        continue;
      }

      collectingFor = { view, token };
      const collected = await collectWithCart(reader, view.clientSecret, readerDisplayFor(view), () => stillCurrent(token));
      if (collectingFor?.token === token) collectingFor = null;
      if (!stillCurrent(token)) return;
      if (isError(collected)) {
        if (await stepFailed(collected.error, 'collect', reader)) return;
        continue;
      }

      show('processing');
      reportProgress(view, 'processing');
      const stored = storage.loadCheckout();
      if (stored) storage.saveCheckout({ ...stored, processingStarted: true });
      let processed = await reader.processPayment(collected.paymentIntent);
      for (let retries = 0; isError(processed) && retries < 3; retries++) {
        if (screenForTerminalError(processed.error, 'process').screen !== 'retry') break;
        await pause();
        processed = await reader.processPayment(collected.paymentIntent);
      }
      const sdkDecline =
        isError(processed) && screenForTerminalError(processed.error, 'process').screen === 'declined'
          ? (processed.error.decline_code ?? processed.error.code ?? 'card_declined')
          : undefined;
      // Whatever the reader said, only the server's check with Stripe counts.
      return settle(view, sdkDecline);
    }
  }

  /** Asks the server whether the PaymentIntent succeeded and shows its answer. */
  async function settle(view: SessionView, sdkDecline: string | undefined): Promise<void> {
    const token = ++attempt;
    show('processing');
    setNotice('status.checking');
    for (let poll = 0; poll < COMPLETE_POLLS; poll++) {
      let verdict;
      try {
        verdict = await api.completeSession(view.sessionId, view.paymentIntentId);
      } catch (error) {
        // The stored checkout says processing started, so recovery asks again once the kiosk is back online.
        if (stillCurrent(token)) handleApiFailure(error);
        return;
      }
      if (!stillCurrent(token)) return;
      switch (settlementFor(verdict)) {
        case 'success':
          storage.forgetCheckout();
          return showSuccess({ ...view, receipt: verdict.receipt ?? view.receipt });
        case 'declined':
          return showDeclined(declineMessageKey(verdict.declineCode ?? sdkDecline));
        case 'cancelled':
          storage.forgetCheckout();
          return showCancelled();
        case 'attention':
          storage.forgetCheckout();
          return showStaffNeeded('error.attention');
        case 'open':
          // The reader's decline stands; otherwise the card was never charged (say, a crash before processing).
          return sdkDecline ? showDeclined(declineMessageKey(sdkDecline)) : collectAndProcess(view);
        case 'pending':
          await wait(1_000 * (poll + 1));
          if (!stillCurrent(token)) return;
      }
    }
    showStaffNeeded('error.outcomeUnknown');
  }

  function clearReaderDisplay() {
    void terminal?.then((reader) => reader.clearReaderDisplay(), () => undefined);
  }

  function showSuccess(view: SessionView) {
    attempt++;
    setNotice(null);
    setPaid({ receipt: view.receipt ?? null, amount: view.amount, currency: view.currency });
    setSession(view);
    setCart([]);
    show('success');
    clearReaderDisplay();
    setSecondsLeft(SUCCESS_RETURN_SECONDS);
    countdown = setInterval(() => {
      const left = secondsLeft() - 1;
      setSecondsLeft(left);
      if (left <= 0) newOrder();
    }, 1_000);
  }

  function showDeclined(messageKey: MessageKey) {
    attempt++;
    setNotice(null);
    setFailure({ headline: 'status.failed', messageKey, canRetry: true });
    show('failed');
    screenTimer = setTimeout(() => void cancel(), ABANDONED_DECLINE_MS);
  }

  function showStaffNeeded(messageKey: MessageKey) {
    attempt++;
    setNotice(null);
    setFailure({ headline: 'status.attention', messageKey, canRetry: false });
    show('failed');
    clearReaderDisplay();
  }

  function showCancelled() {
    attempt++;
    setNotice(null);
    setCart([]);
    show('cancelled');
    clearReaderDisplay();
    screenTimer = setTimeout(newOrder, CANCELLED_RETURN_MS);
  }

  function tryAnotherCard() {
    const view = session();
    if (status() !== 'failed' || !failure()?.canRetry || !view) return;
    void collectAndProcess(view);
  }

  /** Cancel while connecting, waiting for a card or after a decline. */
  async function cancel() {
    const current = status();
    // `starting`: recovery found a cancel the server never heard.
    if (!['connecting', 'waiting_card', 'failed', 'starting'].includes(current)) return;
    const token = ++attempt;
    const view = session();
    const stored = storage.loadCheckout();
    if (stored) storage.saveCheckout({ ...stored, cancelRequested: true });
    if (!view) {
      // The session is still being created; `pay` cancels it as soon as it exists.
      return showCancelled();
    }
    await terminal?.then((reader) => reader.cancelCollectPaymentMethod(), () => undefined);
    try {
      await api.cancelSession(view.sessionId);
    } catch (error) {
      if (error instanceof api.ApiError && error.code === 'already_paid') return settle(view, undefined);
      if (error instanceof api.ApiError && error.status === 409) {
        // Already finished otherwise (expired, cancelled): nothing left to cancel.
      } else {
        if (stillCurrent(token)) handleApiFailure(error);
        return;
      }
    }
    storage.forgetCheckout();
    showCancelled();
  }

  function newOrder() {
    stopTimers();
    setCart([]);
    setNotice(null);
    const config = kiosk();
    if (config) setLanguage(config.language);
    showCatalog();
  }

  // ---- developer panel (simulated mode) ----------------------------------------------------------------------------

  function chooseTestCard(number: string) {
    setTestCard(number);
    void terminal?.then((reader) => reader.setSimulatorConfiguration({ testCardNumber: number }), () => undefined);
  }

  async function tapTestCard() {
    if (status() !== 'waiting_card' || !terminal) return;
    const reader = await terminal;
    reader.setSimulatorConfiguration({ testCardNumber: testCard() });
    const result = await reader.presentTestCard?.();
    if (result && isError(result)) console.warn('Test card not presented:', result.error.message);
  }

  return {
    status,
    notice,
    language,
    mode,
    kiosk,
    catalog,
    cart,
    total,
    session,
    paid,
    failure,
    secondsLeft,
    pairingRejected,
    testCard,
    start,
    pair,
    connectionLost,
    connectionBack,
    touch,
    addItem,
    removeItem,
    clearCart,
    toggleLanguage,
    pay,
    cancel,
    tryAnotherCard,
    newOrder,
    chooseTestCard,
    tapTestCard,
  };
}

export type PaymentFlow = ReturnType<typeof createPaymentFlow>;
