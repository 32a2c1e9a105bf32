/**
 * What the reader driver needs from a card reader, shaped like the Stripe Terminal JS SDK
 * (`@stripe/terminal-js` types/terminal.d.ts): the same method names, `{ result } | { error }` answers and error codes.
 * Two implementations: the real SDK (test/live mode) and the worker's server-driven simulated reader.
 * Neither ever rejects: a call that throws comes back as `{ error }`.
 */

/**
 * An SDK-style error (`ExposedError`), with the codes of Stripe's JS API reference: `canceled`,
 * `no_established_connection`, `network_error`, `invalid_reader_version`, `reader_error`... A decline carries the
 * API's `card_declined` and its `decline_code`. A call that threw has no code.
 */
export interface TerminalError {
  code?: string;
  message: string;
  decline_code?: string;
  payment_intent?: TerminalPaymentIntent;
}

export interface ErrorResult {
  error: TerminalError;
}

export type EmptyResult = Record<string, never>;

export interface TerminalReader {
  id: string;
  label: string | null;
  device_type: string;
  status: string | null;
  /** A Location id, or the expanded Location object. */
  location?: string | { id: string } | null;
}

/** The parts of a PaymentIntent the kiosk reads; the SDK returns the full Stripe object. */
export interface TerminalPaymentIntent {
  id: string;
  status: string;
  amount?: number;
  currency?: string;
}

export interface DiscoveryConfig {
  simulated?: boolean;
  location?: string;
}

export interface CartLineItem {
  description: string;
  amount: number;
  quantity: number;
}

export interface ReaderDisplayRequest {
  type: 'cart';
  cart: { line_items: CartLineItem[]; tax: number; total: number; currency: string };
}

export interface SimulatorConfiguration {
  testCardNumber?: string | null;
}

export type ConnectResult = { reader: TerminalReader } | ErrorResult;

/** What happens to the reader link outside any call the flow made. */
export interface TerminalEvents {
  /** The reader went away on its own (power, network); the adapter starts reconnecting. */
  onReaderLost?: () => void;
  /** The reader is ready again, after it dropped or after another point of sale held it: notices about it go. */
  onReaderReconnected?: (reader: TerminalReader) => void;
  /** The reader is busy with another point of sale; the adapter waits and retries. */
  onReaderInUse?: () => void;
  /** The reader is ready for the card (the SDK's payment status `waiting_for_input`). */
  onWaitingForInput?: () => void;
}

export interface TerminalAdapter {
  discoverReaders(config?: DiscoveryConfig): Promise<{ discoveredReaders: TerminalReader[] } | ErrorResult>;
  connectReader(reader: TerminalReader, options?: { fail_if_in_use?: boolean }): Promise<ConnectResult>;
  disconnectReader(): Promise<EmptyResult | ErrorResult>;
  getConnectedReader(): TerminalReader | null;
  collectPaymentMethod(clientSecret: string): Promise<{ paymentIntent: TerminalPaymentIntent } | ErrorResult>;
  cancelCollectPaymentMethod(): Promise<EmptyResult | ErrorResult>;
  processPayment(paymentIntent: TerminalPaymentIntent): Promise<{ paymentIntent: TerminalPaymentIntent } | ErrorResult>;
  setSimulatorConfiguration(config: SimulatorConfiguration): void;
  setReaderDisplay(request: ReaderDisplayRequest): Promise<EmptyResult | ErrorResult>;
  clearReaderDisplay(): Promise<EmptyResult | ErrorResult>;

  /**
   * After a network drop: carries on with the reader's collect for this payment if it is still at it (or read the card
   * meanwhile), and answers as `collectPaymentMethod` would; clears a collect for another payment and answers null, as
   * it does when there is nothing to resume.
   */
  resumeCollect?(clientSecret: string): Promise<{ paymentIntent: TerminalPaymentIntent } | ErrorResult | null>;
  /** Connects to this kiosk's reader if not connected (or waits for the reconnect already under way). */
  ensureConnected(): Promise<ConnectResult>;
  /** Connects before the first customer and keeps trying, with growing pauses, while it cannot. */
  keepConnected(): void;
  /** The worker's simulated reader only: the developer "taps" the configured test card. */
  presentTestCard?(): Promise<EmptyResult | ErrorResult>;
  /** The real SDK only: whether the browser lets this page reach readers on the local network. */
  localNetworkAccess?(): Promise<LocalNetworkAccess>;
  /** Stops reconnecting and polling; the adapter is not used afterwards. */
  dispose(): void;
}

/** Chrome's Local Network Access permission for this page (Chrome 142+); `unsupported` where the browser has none. */
export type LocalNetworkAccess = 'granted' | 'denied' | 'prompt' | 'unsupported';

export const isError = <T extends object>(result: T | ErrorResult): result is ErrorResult => 'error' in result;
