/** The kiosk's link to its worker: start-up, pairing, the offline screen and the way back. */
import { createSignal } from 'solid-js';
import type { CatalogResponse, KioskConfigResponse, PairResponse, StripeMode } from '../../../shared/api.ts';
import * as api from '../api.ts';
import type { ReaderLink } from '../checkout/driver.ts';
import type { MessageKey } from '../i18n.ts';
import * as storage from '../storage.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

const DEV_KIOSK_TOKEN = 'dev-kiosk-token';
const OFFLINE_PROBE_MS = 4_000;
/** Operators see a kiosk go offline after 75 s without a word from it: two beats may be lost before it does. */
const HEARTBEAT_MS = 30_000;

/** What the pairing screen says when the worker refused a code, by its error code (anything else: not accepted). */
const PAIRING_PROBLEMS: Record<string, MessageKey> = {
  pairing_code_used: 'pairing.used',
  pairing_code_expired: 'pairing.expired',
  too_many_attempts: 'pairing.tooMany',
  kiosk_disabled: 'pairing.disabled',
};

export interface ConnectionHooks {
  /** Configuration and menu are loaded; `first` on the first start of this page. */
  configured(config: KioskConfigResponse, menu: CatalogResponse, first: boolean): void;
  /** Picks up the checkout a reload, a crash or an outage interrupted; lands on the catalog when there is none. */
  recover(): Promise<void>;
  /** Going offline or losing the credentials ends the payment attempt under way. */
  abortCheckout(): void;
  /** The network is back: true when the page reloads instead (see `sdk-reload.ts`). */
  reloadInstead(): boolean;
  /** The operator changed the kiosk's configuration (seen by the heartbeat). */
  reconfigured(config: KioskConfigResponse): void;
  /** What the tablet knows of its reader's link, for the heartbeat (SDK mode). */
  readerLink(): ReaderLink | null;
}

export function createConnection({ state, dispatch }: KioskStateSignal, hooks: ConnectionHooks) {
  const [mode, setMode] = createSignal<StripeMode | null>(null);
  const [config, setConfig] = createSignal<KioskConfigResponse | null>(null);
  let probe: ReturnType<typeof setInterval> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  /**
   * The code of a scanned pairing QR code, `/#pair=ABCD-EFGH`: in the fragment, which the browser never sends to a
   * server, and taken out of the address bar at once.
   */
  function takePairingCodeFromUrl(): string | null {
    const code = new URLSearchParams(location.hash.slice(1)).get('pair');
    if (code === null) return null;
    history.replaceState(history.state, '', location.pathname + location.search);
    return code;
  }

  async function start() {
    clearInterval(probe);
    probe = undefined;
    const code = takePairingCodeFromUrl();
    if (code !== null) return pair(code);
    if (!navigator.onLine) return goOffline();
    try {
      // A paired kiosk learns its mode from its own configuration: only an unpaired one asks whether it is simulated.
      if (!storage.loadToken()) {
        const health = await api.getHealth();
        setMode(health.mode);
        if (health.mode !== 'simulated') return void dispatch({ type: 'pairing_required' });
        storage.saveToken(DEV_KIOSK_TOKEN);
      }
      const [kiosk, menu] = await Promise.all([api.getKiosk(), api.getCatalog()]);
      const first = config() === null;
      setConfig(kiosk);
      setMode(kiosk.mode);
      hooks.configured(kiosk, menu, first);
      heartbeat ??= setInterval(() => void beat(), HEARTBEAT_MS);
      await hooks.recover();
    } catch (error) {
      failed(error);
    }
  }

  /**
   * Tells the worker the kiosk is up (the store's live fleet shows it online) and picks up the operator's changes.
   * A lost beat changes nothing on screen: the calls a customer's order needs notice an outage themselves.
   */
  async function beat() {
    const screen = state().screen.name;
    if (screen === 'pairing' || screen === 'offline' || !navigator.onLine) return;
    let kiosk: KioskConfigResponse;
    try {
      kiosk = await api.sendHeartbeat(hooks.readerLink());
    } catch (error) {
      if (api.isAuthError(error)) revoked();
      return;
    }
    setConfig(kiosk);
    hooks.reconfigured(kiosk);
  }

  /** Reads the configuration at once: the worker refused an order for a setting the kiosk has not heard of yet. */
  async function refresh() {
    let kiosk: KioskConfigResponse;
    try {
      kiosk = await api.getKiosk();
    } catch (error) {
      if (api.isAuthError(error)) revoked();
      return;
    }
    setConfig(kiosk);
    hooks.reconfigured(kiosk);
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

  /** Exchanges a pairing code for the kiosk's token (a tablet paired before with another code is signed out). */
  async function pair(code: string) {
    if (!code.trim()) return;
    let paired: PairResponse;
    try {
      paired = await api.pair(code);
    } catch (error) {
      if (!(error instanceof api.ApiError)) return failed(error);
      dispatch({ type: 'pairing_required' });
      return void dispatch({ type: 'pairing_rejected', problem: PAIRING_PROBLEMS[error.code] ?? 'pairing.rejected' });
    }
    storage.saveToken(paired.token);
    await start();
  }

  return {
    mode,
    config,
    start,
    pair,
    refresh,
    failed,
    revoked,
    goOffline,
    browserOffline,
    browserOnline: () => void probeConnection(),
  };
}

export type Connection = ReturnType<typeof createConnection>;
