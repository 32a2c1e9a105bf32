/** The real Stripe Terminal JS SDK (test and live mode), loaded from Stripe's CDN at runtime, never bundled or cached. */
import type { ISdkManagedPaymentIntent, Reader, StripeTerminal, Terminal } from '@stripe/terminal-js';
import { wait } from '../timing.ts';
import type { ErrorResult, LocalNetworkAccess, TerminalAdapter, TerminalEvents, TerminalPaymentIntent, TerminalReader } from './adapter.ts';
import { ReaderLink, type OwnReaderMemory } from './reader-link.ts';

export type StripeTerminalLoader = () => Promise<StripeTerminal | null>;

export interface StripeTerminalAdapterOptions {
  mode: 'test' | 'live';
  /** The kiosk's Stripe Terminal Location: discovery only sees that store's readers. */
  locationId: string;
  /** The kiosk's own reader, or null when it uses any reader at its Location. */
  readerId: string | null;
  /** Asks the worker for a new connection token (POST /api/connection-token). */
  fetchConnectionToken: () => Promise<string>;
  events?: TerminalEvents;
  ownReader: OwnReaderMemory;
  /** Injectable so tests can hand in a double of the SDK. */
  loadSdk?: StripeTerminalLoader;
  /** Injectable so tests can answer for Chrome's Local Network Access permission. */
  localNetworkAccess?: () => Promise<LocalNetworkAccess>;
  sleep?: (ms: number) => Promise<void>;
}

/** Stripe's script could not be loaded (no internet, CDN blocked); the loader keeps this failure until the page reloads. */
export class SdkUnavailableError extends Error {
  override name = 'SdkUnavailableError';
}

/**
 * Importing `@stripe/terminal-js` injects Stripe's script tag; it is imported only here, on demand, so a simulated
 * kiosk never tries to reach Stripe's CDN. The module keeps its first promise, a rejected one included: after a
 * failed load only a page reload tries again.
 */
const loadFromStripe: StripeTerminalLoader = async () => (await import('@stripe/terminal-js')).loadStripeTerminal();

/**
 * Chrome 142+ asks before a page may reach a device on the local network, and an unattended kiosk never answers.
 * The permission is `local-network-access`; browsers without it reject the query.
 */
export async function queryLocalNetworkAccess(): Promise<LocalNetworkAccess> {
  try {
    return (await navigator.permissions.query({ name: 'local-network-access' as PermissionName })).state;
  } catch {
    return 'unsupported';
  }
}

/** The SDK answers `{ error }`, but a call can also throw (its own bugs, a broken reader link): never let that escape. */
async function guarded<T>(call: () => Promise<T>): Promise<T | ErrorResult> {
  try {
    return await call();
  } catch (cause) {
    return { error: { message: cause instanceof Error ? cause.message : String(cause) } };
  }
}

export async function createStripeTerminalAdapter(options: StripeTerminalAdapterOptions): Promise<TerminalAdapter> {
  let sdk: StripeTerminal | null;
  try {
    sdk = await (options.loadSdk ?? loadFromStripe)();
  } catch (cause) {
    throw new SdkUnavailableError(`The Stripe Terminal SDK could not be loaded: ${String(cause)}`);
  }
  if (!sdk) throw new SdkUnavailableError('The Stripe Terminal SDK could not be loaded');
  const terminal: Terminal = sdk.create({
    // Never cache: connection tokens are single use ("already redeemed" after reconnects otherwise).
    onFetchConnectionToken: () => options.fetchConnectionToken(),
    onUnexpectedReaderDisconnect: () => link.readerLost(),
    onPaymentStatusChange: (event) => {
      if (String(event.status) === 'waiting_for_input') options.events?.onWaitingForInput?.();
    },
  });

  /** The collect the SDK is at, until it answers. */
  let collecting: { clientSecret: string; answer: ReturnType<TerminalAdapter['collectPaymentMethod']> } | null = null;

  const adapter: TerminalAdapter = {
    discoverReaders: (config) => guarded(() => terminal.discoverReaders(config)),
    connectReader: (reader, connectOptions) => guarded(() => terminal.connectReader(reader as Reader, connectOptions)),
    disconnectReader: () => guarded(() => terminal.disconnectReader()),
    getConnectedReader: () => {
      try {
        return (terminal.getConnectedReader() as TerminalReader | null | undefined) ?? null;
      } catch {
        return null;
      }
    },
    collectPaymentMethod(clientSecret) {
      // Tips are taken in server-driven mode only, where the server knows to expect one: an SDK kiosk's reader never
      // asks, even where its Location's configuration offers tipping to the store's other kiosks.
      const answer = guarded(() => terminal.collectPaymentMethod(clientSecret, { config_override: { skip_tipping: true } }));
      const pending = { clientSecret, answer };
      collecting = pending;
      void answer.finally(() => {
        if (collecting === pending) collecting = null;
      });
      return answer;
    },
    // The SDK's collect is still waiting for this payment's card (its answer simply had not come): wait on with it
    // rather than start another, which the reader would refuse as a command already in progress.
    resumeCollect: async (clientSecret) => {
      if (collecting?.clientSecret !== clientSecret) return null;
      // The SDK said it waits for the card when it began to, not again: the screen asking for the card needs telling.
      if (String(terminal.getPaymentStatus()) === 'waiting_for_input') options.events?.onWaitingForInput?.();
      return collecting.answer;
    },
    cancelCollectPaymentMethod: () => guarded(() => terminal.cancelCollectPaymentMethod()),
    processPayment: (paymentIntent: TerminalPaymentIntent) =>
      guarded(() => terminal.processPayment(paymentIntent as unknown as ISdkManagedPaymentIntent)),
    setSimulatorConfiguration: (config) => terminal.setSimulatorConfiguration(config),
    setReaderDisplay: (request) => guarded(() => terminal.setReaderDisplay(request)),
    clearReaderDisplay: () => guarded(() => terminal.clearReaderDisplay()),
    ensureConnected: () => link.ensureConnected(),
    keepConnected: () => link.keepConnected(),
    localNetworkAccess: options.localNetworkAccess ?? queryLocalNetworkAccess,
    dispose: () => link.dispose(),
  };
  const link = new ReaderLink(adapter, {
    // Test mode uses the physical readers registered at the Location in test mode (how operators rehearse before going
    // live); only a Location with no reader at all falls back to the SDK's simulated reader.
    discovery: { simulated: false, location: options.locationId },
    readerId: options.readerId,
    ...(options.mode === 'test' ? { fallbackDiscovery: { simulated: true } } : {}),
    events: options.events ?? {},
    sleep: options.sleep ?? wait,
    ownReader: options.ownReader,
  });
  return adapter;
}
