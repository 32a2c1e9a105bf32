/**
 * The kiosk's store, composed of small pieces as solid-realworld composes its own: the status signal
 * (`kiosk-state.ts`), the connection, the cart, the checkout and the result screens. Components get it with
 * `useKiosk()` and stay presentational.
 */
import { createContext, createEffect, createSignal, onCleanup, useContext } from 'solid-js';
import { otherLanguage, type Language } from '../i18n.ts';
import { waitingForCustomer } from '../kiosk-screen.ts';
import { createSdkReloader } from '../sdk-reload.ts';
import { createCart } from './cart.ts';
import { createCheckout } from './checkout.ts';
import { createConnection } from './connection.ts';
import { createDevPanel } from './dev-panel.ts';
import { createKioskState } from './kiosk-state.ts';
import { createResultScreens } from './result-screens.ts';

export function createKioskStore() {
  const kiosk = createKioskState();
  const [language, setLanguage] = createSignal<Language>('en');
  const [softwareMissing, setSoftwareMissing] = createSignal(false);
  const reloader = createSdkReloader({ reload: () => location.reload(), memory: sessionStorage });

  const connection = createConnection(kiosk, {
    configured(config, menu, first) {
      if (first) setLanguage(config.language);
      cart.setCatalog(menu);
      checkout.prepare(config);
    },
    recover: () => checkout.recover(),
    abortCheckout: () => checkout.abort(),
    reloadInstead: () => reloader.reloadIfDue(),
    // A new reader or reader mode is taken up between customers, never under one.
    reconfigured(config) {
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
  });

  function newOrder() {
    checkout.clear();
    kiosk.dispatch({ type: 'new_order' });
    const config = connection.config();
    if (config) setLanguage(config.language);
  }

  const results = createResultScreens(kiosk, { newOrder, cancel: () => void checkout.cancel(), resetReader: checkout.resetReader });

  // Stripe's SDK that failed to load only loads again in a new page: reload while the kiosk waits for a customer.
  createEffect(() => {
    if (!softwareMissing() || !waitingForCustomer(kiosk.state(), cart.lines().length === 0)) return;
    const timer = setTimeout(() => reloader.reloadIfDue(), reloader.dueIn() ?? 0);
    onCleanup(() => clearTimeout(timer));
  });

  return {
    screen: () => kiosk.state().screen,
    notice: () => kiosk.state().notice,
    language,
    toggleLanguage: () => setLanguage(otherLanguage),
    connection,
    cart,
    checkout,
    newOrder,
    secondsLeft: results.secondsLeft,
    devPanel: createDevPanel(checkout),
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
