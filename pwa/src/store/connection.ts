/** The kiosk's link to its worker: start-up, pairing, the offline screen and the way back. */
import { createSignal } from 'solid-js';
import type { CatalogResponse, KioskConfigResponse, StripeMode } from '../../../shared/api.ts';
import * as api from '../api.ts';
import * as storage from '../storage.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

const DEV_KIOSK_TOKEN = 'dev-kiosk-token';
const OFFLINE_PROBE_MS = 4_000;

export interface ConnectionHooks {
  /** Configuration and menu are loaded; `first` on the first start of this page. */
  configured(config: KioskConfigResponse, menu: CatalogResponse, first: boolean): void;
  /** Picks up the checkout a reload, a crash or an outage interrupted; lands on the catalog when there is none. */
  recover(): Promise<void>;
  /** Going offline or losing the credentials ends the payment attempt under way. */
  abortCheckout(): void;
  /** The network is back: true when the page reloads instead (see `sdk-reload.ts`). */
  reloadInstead(): boolean;
}

export function createConnection({ state, dispatch }: KioskStateSignal, hooks: ConnectionHooks) {
  const [mode, setMode] = createSignal<StripeMode | null>(null);
  const [config, setConfig] = createSignal<KioskConfigResponse | null>(null);
  let probe: ReturnType<typeof setInterval> | undefined;

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
    clearInterval(probe);
    probe = undefined;
    takeTokenFromUrl();
    if (!navigator.onLine) return goOffline();
    try {
      const health = await api.getHealth();
      setMode(health.mode);
      if (!storage.loadToken()) {
        if (health.mode !== 'simulated') return void dispatch({ type: 'pairing_required' });
        storage.saveToken(DEV_KIOSK_TOKEN);
      }
      const [kiosk, menu] = await Promise.all([api.getKiosk(), api.getCatalog()]);
      const first = config() === null;
      setConfig(kiosk);
      setMode(kiosk.mode);
      hooks.configured(kiosk, menu, first);
      await hooks.recover();
    } catch (error) {
      failed(error);
    }
  }

  /** What every unexpected API failure leads to: pairing for refused credentials, the offline screen otherwise. */
  function failed(error: unknown) {
    if (api.isAuthError(error)) return revoked();
    if (!(error instanceof api.NetworkError)) console.error(error);
    goOffline();
  }

  function revoked() {
    storage.forgetToken();
    hooks.abortCheckout();
    dispatch({ type: 'pairing_required' });
  }

  function goOffline() {
    hooks.abortCheckout();
    dispatch({ type: 'server_unreachable' });
    watchForConnection();
  }

  function watchForConnection() {
    probe ??= setInterval(() => void probeConnection(), OFFLINE_PROBE_MS);
  }

  async function probeConnection() {
    if (state().screen.name !== 'offline' || !navigator.onLine) return;
    try {
      await api.getHealth();
    } catch {
      return;
    }
    if (state().screen.name !== 'offline' || hooks.reloadInstead()) return;
    await start();
  }

  /** The browser lost its network: stop taking orders, unless a payment is mid-way (its own calls notice and settle it). */
  function browserOffline() {
    if (!dispatch({ type: 'browser_offline' })) return;
    hooks.abortCheckout();
    watchForConnection();
  }

  async function pair(token: string) {
    const trimmed = token.trim();
    if (!trimmed) return;
    storage.saveToken(trimmed);
    try {
      await api.getKiosk();
    } catch (error) {
      if (!api.isAuthError(error)) return failed(error);
      storage.forgetToken();
      return void dispatch({ type: 'pairing_rejected' });
    }
    await start();
  }

  return {
    mode,
    config,
    start,
    pair,
    failed,
    revoked,
    goOffline,
    browserOffline,
    browserOnline: () => void probeConnection(),
  };
}

export type Connection = ReturnType<typeof createConnection>;
