/**
 * The kiosk's store, composed of small pieces as solid-realworld composes its own: the status signal
 * (`kiosk-state.ts`), the connection, the cart, the checkout, the result screens, the idle prompt and the customer's
 * own choices (language, accessibility mode). Components get it with `useKiosk()` and stay presentational.
 */
import { createContext, createEffect, createSignal, on, onCleanup, untrack, useContext } from 'solid-js';
import { ASK_AFTER_IDLE_MS } from '../idle-prompt.ts';
import { waitingForCustomer } from '../kiosk-screen.ts';
import { createSdkReloader } from '../sdk-reload.ts';
import { createCart } from './cart.ts';
import { createCheckout } from './checkout.ts';
import { createConnection } from './connection.ts';
import { createCustomerChoices } from './customer-choices.ts';
import { createDevPanel } from './dev-panel.ts';
import { createIdlePrompt } from './idle-prompt.ts';
import { createKioskState } from './kiosk-state.ts';
import { createResultScreens } from './result-screens.ts';

export function createKioskStore() {
  const kiosk = createKioskState();
  const choices = createCustomerChoices((choice) => checkout.keepCustomer(choice));
  const [softwareMissing, setSoftwareMissing] = createSignal(false);
  /** What screen readers hear next about the order (an item added or removed, why a card was declined). */
  const [announcement, announce] = createSignal('');
  const reloader = createSdkReloader({ reload: () => location.reload(), memory: sessionStorage });

  const connection = createConnection(kiosk, {
    configured(config, menu, first) {
      choices.configure(config, first);
      cart.setCatalog(menu);
      checkout.prepare(config);
    },
    recover: () => checkout.recover(),
    abortCheckout: () => checkout.abort(),
    reloadInstead: () => reloader.reloadIfDue(),
    // A new reader or reader mode is taken up between customers, never under one.
    reconfigured(config) {
      choices.configure(config, false);
      if (waitingForCustomer(kiosk.state(), cart.lines().length === 0)) checkout.prepare(config);
    },
    readerLink: () => checkout.readerLink(),
  });
  const cart = createCart(kiosk);
  const checkout = createCheckout(kiosk, connection, cart, {
    loaded() {
      reloader.loaded();
      setSoftwareMissing(false);
    },
    failed() {
      reloader.loadFailed();
      setSoftwareMissing(true);
    },
  }, choices);

  /** After a payment that succeeded or needs staff. */
  function newOrder() {
    checkout.clear();
    kiosk.dispatch({ type: 'new_order' });
  }

  /** The customer started over, or walked away from the menu: the next customer starts afresh. */
  function toStart() {
    cart.clear();
    kiosk.dispatch({ type: 'to_start' });
  }

  function backToOrder() {
    checkout.forget();
    kiosk.dispatch({ type: 'back_to_order' });
  }

  // The next customer gets the kiosk's own language and the standard layout, and nothing of the last one's order.
  createEffect(
    on(
      () => kiosk.state().screen.name,
      (screen) => {
        if (screen !== 'attract') return;
        untrack(choices.reset);
        announce('');
      },
    ),
  );

  const results = createResultScreens(kiosk, { newOrder, backToOrder, resetReader: checkout.resetReader });
  const idle = createIdlePrompt(kiosk, {
    session: checkout.expiry,
    nothingOrdered: () => cart.lines().length === 0,
    gone(by) {
      if (by === 'server') return void checkout.awaitServerEnd();
      const screen = kiosk.state().screen.name;
      if (screen === 'declined' || screen === 'reader_problem') return void checkout.abandon();
      toStart();
    },
    stillHere: checkout.stillHere,
  });

  // A customer who chose a language or the accessible layout on the start screen, then walked away without starting:
  // once it has been left alone as long as a menu would be, the next customer gets the kiosk's own again.
  createEffect(() => {
    if (kiosk.state().screen.name !== 'attract') return;
    idle.lastTouchAt();
    const timer = setTimeout(() => untrack(choices.reset), ASK_AFTER_IDLE_MS);
    onCleanup(() => clearTimeout(timer));
  });

  // Stripe's SDK that failed to load only loads again in a new page: reload while the kiosk waits for a customer.
  createEffect(() => {
    if (!softwareMissing() || !waitingForCustomer(kiosk.state(), cart.lines().length === 0)) return;
    const timer = setTimeout(() => reloader.reloadIfDue(), reloader.dueIn() ?? 0);
    onCleanup(() => clearTimeout(timer));
  });

  // The tablet's screen stays on once the kiosk runs (paired, configured): asked for in a chunk of its own, after the
  // start screen's.
  let screenKeptOn = false;
  createEffect(() => {
    if (screenKeptOn || !connection.config()) return;
    screenKeptOn = true;
    void import('../wake-lock.ts').then((wakeLock) => wakeLock.keepScreenOn());
  });

  // A new deployment's app, downloaded and waiting: it takes over on the start screen, never under a customer.
  const [newVersion, setNewVersion] = createSignal<{ takeOver: () => void } | null>(null);
  createEffect(() => {
    const waiting = newVersion();
    if (!waiting || kiosk.state().screen.name !== 'attract') return;
    setNewVersion(null);
    waiting.takeOver();
  });

  return {
    screen: () => kiosk.state().screen,
    notice: () => kiosk.state().notice,
    choices,
    language: choices.language,
    connection,
    cart,
    checkout,
    idle,
    announcement,
    announce,
    /** The customer taps the start screen, in the language they chose there (if they chose one). */
    start() {
      kiosk.dispatch({ type: 'start' });
    },
    toStart,
    newOrder,
    backToOrder,
    /** Pay: kiosks that ask "eat here or take away?" ask first. */
    pay() {
      if (cart.lines().length === 0) return;
      if (connection.config()?.askServiceMode) kiosk.dispatch({ type: 'service_asked' });
      else void checkout.pay();
    },
    secondsLeft: results.secondsLeft,
    devPanel: createDevPanel(checkout),
    /** The service worker of a new deployment is installed; `takeOver` activates it and reloads the page. */
    newVersionWaiting(takeOver: () => void) {
      setNewVersion({ takeOver });
    },
  };
}

export type KioskStore = ReturnType<typeof createKioskStore>;

const KioskContext = createContext<KioskStore>();
export const KioskProvider = KioskContext.Provider;

export function useKiosk(): KioskStore {
  const store = useContext(KioskContext);
  if (!store) throw new Error('useKiosk() needs a <KioskProvider>');
  return store;
}
