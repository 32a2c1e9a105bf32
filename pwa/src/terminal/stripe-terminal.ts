/** The real Stripe Terminal JS SDK (test and live mode), loaded from Stripe's CDN at runtime, never bundled or cached. */
import type { ISdkManagedPaymentIntent, Reader, StripeTerminal, Terminal } from '@stripe/terminal-js';
import type { TerminalAdapter, TerminalEvents, TerminalPaymentIntent, TerminalReader } from './adapter.ts';
import { ReaderLink, wait } from './reader-link.ts';

export type StripeTerminalLoader = () => Promise<StripeTerminal | null>;

export interface StripeTerminalAdapterOptions {
  mode: 'test' | 'live';
  /** The kiosk's Stripe Terminal Location: discovery only sees that store's readers. */
  locationId: string;
  /** Asks the worker for a new connection token (POST /api/connection-token). */
  fetchConnectionToken: () => Promise<string>;
  events?: TerminalEvents;
  /** Injectable so tests can hand in a double of the SDK. */
  loadSdk?: StripeTerminalLoader;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Importing `@stripe/terminal-js` injects Stripe's script tag; it is imported only here, on demand,
 * so a simulated kiosk never tries to reach Stripe's CDN.
 */
const loadFromStripe: StripeTerminalLoader = async () => (await import('@stripe/terminal-js')).loadStripeTerminal();

export async function createStripeTerminalAdapter(options: StripeTerminalAdapterOptions): Promise<TerminalAdapter> {
  const sdk = await (options.loadSdk ?? loadFromStripe)();
  if (!sdk) throw new Error('The Stripe Terminal SDK could not be loaded');
  const terminal: Terminal = sdk.create({
    // Never cache: connection tokens are single use ("already redeemed" after reconnects otherwise).
    onFetchConnectionToken: () => options.fetchConnectionToken(),
    onUnexpectedReaderDisconnect: () => link.readerLost(),
    onPaymentStatusChange: (event) => {
      if (String(event.status) === 'waiting_for_input') options.events?.onWaitingForInput?.();
    },
  });

  const adapter: TerminalAdapter = {
    discoverReaders: (config) => terminal.discoverReaders(config),
    connectReader: (reader, connectOptions) => terminal.connectReader(reader as Reader, connectOptions),
    disconnectReader: () => terminal.disconnectReader(),
    getConnectedReader: () => (terminal.getConnectedReader() as TerminalReader | null | undefined) ?? null,
    collectPaymentMethod: (clientSecret) => terminal.collectPaymentMethod(clientSecret),
    cancelCollectPaymentMethod: () => terminal.cancelCollectPaymentMethod(),
    processPayment: (paymentIntent: TerminalPaymentIntent) =>
      terminal.processPayment(paymentIntent as unknown as ISdkManagedPaymentIntent),
    setSimulatorConfiguration: (config) => terminal.setSimulatorConfiguration(config),
    setReaderDisplay: (request) => terminal.setReaderDisplay(request),
    clearReaderDisplay: () => terminal.clearReaderDisplay(),
    ensureConnected: () => link.ensureConnected(),
    dispose: () => link.dispose(),
  };
  const link = new ReaderLink(adapter, {
    discovery: { simulated: options.mode === 'test', location: options.locationId },
    events: options.events ?? {},
    sleep: options.sleep ?? wait,
  });
  return adapter;
}
