/**
 * The worker's simulated reader (simulated mode): Stripe's server-driven reader API run against the embedded Stripe
 * simulator, behind `/api/simulated-reader/*`. It answers like the JS SDK, with the SDK's error codes, so the reader
 * driver cannot tell the difference.
 */
import { ApiError, isAuthError, NetworkError, type DeletedSimReader, type SimReader, type SimulatedReaderApi } from '../api.ts';
import { wait } from '../timing.ts';
import type { ErrorResult, TerminalAdapter, TerminalError, TerminalEvents, TerminalPaymentIntent, TerminalReader } from './adapter.ts';
import { ReaderLink, type OwnReaderMemory } from './reader-link.ts';

export interface SimulatedReaderOptions {
  api: SimulatedReaderApi;
  events?: TerminalEvents;
  ownReader: OwnReaderMemory;
  sleep?: (ms: number) => Promise<void>;
  pollIntervalMs?: number;
}

/** The server-driven API's reader errors, as the JS SDK names the same situations. */
const SDK_CODES: Readonly<Record<string, string>> = {
  terminal_reader_busy: 'command_already_in_progress',
  terminal_reader_offline: 'no_established_connection',
  terminal_reader_no_action: 'no_active_collect_payment_method_attempt',
};

/** The SDK's error shape for a failed call to the worker. */
function errorFromCall(cause: unknown): ErrorResult {
  if (cause instanceof NetworkError) return { error: { code: 'network_error', message: cause.message } };
  // Every reader call carries the kiosk's credentials, as the SDK's connection token does: a refusal is the same failure.
  if (isAuthError(cause)) return { error: { code: 'failed_fetch_connection_token', message: (cause as ApiError).message } };
  if (cause instanceof ApiError) return { error: { code: SDK_CODES[cause.code] ?? 'reader_error', message: cause.message } };
  return { error: { message: String(cause) } };
}

async function attempt<T>(call: () => Promise<T>): Promise<T | ErrorResult> {
  try {
    return await call();
  } catch (cause) {
    return errorFromCall(cause);
  }
}

/** A reader deleted at Stripe is gone, as one switched off is. */
const live = (reader: SimReader | DeletedSimReader): SimReader | null => ('deleted' in reader ? null : reader);

const toReader = (reader: SimReader): TerminalReader => ({
  id: reader.id,
  label: reader.label,
  device_type: reader.device_type,
  status: reader.status,
  location: reader.location,
});

const cancelled = (): ErrorResult => ({ error: { code: 'canceled', message: 'The payment was cancelled' } });

/** `pi_123_secret_abc` -> `pi_123`: the server-driven API addresses PaymentIntents by id. */
export const paymentIntentIdFromClientSecret = (clientSecret: string): string => clientSecret.split('_secret_')[0] ?? clientSecret;

export function createSimulatedReaderAdapter(options: SimulatedReaderOptions): TerminalAdapter {
  const { api } = options;
  const sleep = options.sleep ?? wait;
  const pollIntervalMs = options.pollIntervalMs ?? 300;
  let connected: TerminalReader | null = null;
  let testCardNumber: string | null = null;
  /** The collect in flight: cancelCollectPaymentMethod aborts it so its polling stops. */
  let collecting: AbortController | null = null;

  const readerLost = (): ErrorResult => {
    connected = null;
    link.readerLost();
    return { error: { code: 'no_established_connection', message: 'The card reader went offline' } };
  };

  /** A new collect ends the one before it (its polling stops). */
  const beginCollect = (): AbortController => {
    collecting?.abort();
    return (collecting = new AbortController());
  };

  /** Waits for the reader's collect for the PaymentIntent to finish, and answers as the SDK's collect would. */
  async function followCollect(
    answered: SimReader | DeletedSimReader,
    paymentIntentId: string,
    own: AbortController,
  ): Promise<{ paymentIntent: TerminalPaymentIntent } | ErrorResult> {
    let reader = live(answered);
    if (!reader) return readerLost();
    options.events?.onWaitingForInput?.();
    while (reader.action?.status === 'in_progress') {
      await sleep(pollIntervalMs);
      if (own.signal.aborted) return cancelled();
      const polled = await withReader((readerId) => api.get(readerId));
      if ('error' in polled) return polled;
      const now = live(polled.reader);
      if (now?.status !== 'online') return readerLost();
      reader = now;
    }
    if (own.signal.aborted) return cancelled();
    const action = reader.action;
    // cancel_action resets the reader to no action at all, as Stripe's server-driven API does.
    if (!action) return cancelled();
    if (action.status !== 'succeeded') {
      return { error: { code: action.failure_code ?? 'reader_error', message: action.failure_message ?? 'The card could not be read' } };
    }
    return { paymentIntent: { id: paymentIntentId, status: 'requires_confirmation' } };
  }

  const withReader = async <T>(call: (readerId: string) => Promise<T>): Promise<T | ErrorResult> =>
    connected ? attempt(() => call(connected!.id)) : { error: { code: 'no_established_connection', message: 'No reader connected' } };

  const adapter: TerminalAdapter = {
    async discoverReaders() {
      const result = await attempt(() => api.list());
      return 'error' in result ? result : { discoveredReaders: result.readers.map(toReader) };
    },

    async connectReader(reader) {
      const result = await attempt(() => api.get(reader.id));
      if ('error' in result) return result;
      const found = live(result.reader);
      if (found?.status !== 'online') return { error: { code: 'reader_error', message: 'The card reader is offline' } };
      // This kiosk is the only point of sale at its location, so an action still running is its own, left over from
      // before a reload: clear it rather than wait for it (a stuck reader is a known operator complaint).
      if (found.action?.status === 'in_progress') {
        const cleared = await attempt(() => api.cancel(reader.id));
        if ('error' in cleared) return cleared;
      }
      connected = toReader(found);
      return { reader: connected };
    },

    async disconnectReader() {
      connected = null;
      return {};
    },

    getConnectedReader: () => connected,

    async collectPaymentMethod(clientSecret) {
      const paymentIntentId = paymentIntentIdFromClientSecret(clientSecret);
      const own = beginCollect();
      const started = await withReader((readerId) => api.collect(readerId, paymentIntentId));
      if ('error' in started) return started;
      return followCollect(started.reader, paymentIntentId, own);
    },

    async resumeCollect(clientSecret) {
      const paymentIntentId = paymentIntentIdFromClientSecret(clientSecret);
      const own = beginCollect();
      const read = await withReader((readerId) => api.get(readerId));
      if ('error' in read) return read;
      const reader = live(read.reader);
      if (!reader) return readerLost();
      const action = reader.action;
      const collectingFor = action?.collect_payment_method?.payment_intent;
      if (action?.type === 'collect_payment_method' && (typeof collectingFor === 'string' ? collectingFor : collectingFor?.id) === paymentIntentId) {
        // Still waiting for this payment's card, or it read the card while the kiosk was away: carry on from there.
        if (action.status !== 'failed') return followCollect(reader, paymentIntentId, own);
      } else if (action?.status === 'in_progress') {
        // Busy with something else (an older payment of this kiosk's): clear it, then collect afresh.
        const cleared = await withReader((readerId) => api.cancel(readerId));
        if ('error' in cleared) return cleared;
      }
      return null;
    },

    async cancelCollectPaymentMethod() {
      collecting?.abort();
      const cancelledOnReader = await withReader((readerId) => api.cancel(readerId));
      return 'error' in cancelledOnReader ? cancelledOnReader : {};
    },

    async processPayment(paymentIntent) {
      const confirmed = await withReader((readerId) => api.confirm(readerId, paymentIntent.id));
      if ('error' in confirmed) return confirmed;
      const intent = confirmed.paymentIntent;
      if (intent.status === 'succeeded' || intent.status === 'requires_capture') return { paymentIntent: intent };
      const lastError = intent.last_payment_error;
      const error: TerminalError = {
        code: lastError?.code ?? (intent.status === 'requires_payment_method' ? 'card_declined' : 'payment_intent_unexpected_state'),
        message: lastError?.message ?? `The payment is ${intent.status}`,
        payment_intent: intent,
      };
      if (lastError?.decline_code) error.decline_code = lastError.decline_code;
      return { error };
    },

    setSimulatorConfiguration(config) {
      testCardNumber = config.testCardNumber ?? null;
    },

    async setReaderDisplay(request) {
      const shown = await withReader((readerId) => api.display(readerId, request.cart));
      return 'error' in shown ? shown : {};
    },

    async clearReaderDisplay() {
      const cleared = await withReader((readerId) => api.clearDisplay(readerId));
      return 'error' in cleared ? cleared : {};
    },

    async presentTestCard() {
      if (!testCardNumber) return { error: { code: 'invalid_request', message: 'Choose a test card first' } };
      const card = testCardNumber;
      const presented = await withReader((readerId) => api.present(readerId, card));
      return 'error' in presented ? presented : {};
    },

    ensureConnected: () => link.ensureConnected(),
    keepConnected: () => link.keepConnected(),
    dispose: () => link.dispose(),
  };

  const link = new ReaderLink(adapter, { discovery: {}, events: options.events ?? {}, sleep, ownReader: options.ownReader });
  return adapter;
}
