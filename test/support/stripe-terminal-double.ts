/**
 * A test double of the Stripe Terminal JS SDK, behaving as the SDK's own code and Stripe's JS API reference say:
 * - `loadStripeTerminal()` (`@stripe/terminal-js` src/shared.ts) keeps its first promise, a rejected one included;
 * - calls answer `{ result } | { error: { code, message } }` with the reference's error codes, and can also throw
 *   (the SDK only turns its own application errors into `{ error }`);
 * - `onPaymentStatusChange` reports `waiting_for_input` while collecting, `processing` while processing, then `ready`,
 *   each once, as it changes; `getPaymentStatus()` answers the status of the moment;
 * - a reader that drops really disconnects the SDK (`getConnectedReader()` is null, `onUnexpectedReaderDisconnect`
 *   fires), while the reader itself still counts the old connection as its point of sale until one takes it over;
 * - `connectReader` with `fail_if_in_use` refuses a reader another connection holds, with the reader's own error;
 * - display, cancel and process calls fail as the SDK's do (`no_established_connection`, `no_active_collect_payment_method_attempt`);
 * - `discoverReaders({ simulated: true })` returns the SDK's simulated reader, whose id is `SIMULATOR`.
 */
import type { TerminalReader } from '../../pwa/src/terminal/adapter.ts';
import type { OwnReaderMemory } from '../../pwa/src/terminal/reader-link.ts';

/** The SDK's simulated reader, as Stripe's own demo app (stripe-terminal-js-demo) recognises it. */
export const SIMULATED_READER: TerminalReader = { id: 'SIMULATOR', label: 'Simulated reader', device_type: 'simulated_wisepos_e', status: 'online', location: null };

type Answer = Record<string, unknown>;

/** What `StripeTerminal.create()` takes (`TerminalProps` of @stripe/terminal-js, whose own old `stripe` types clash with ours). */
export interface TerminalProps {
  onFetchConnectionToken: () => Promise<string>;
  onUnexpectedReaderDisconnect?: (event: { error?: { message: string } }) => void;
  onPaymentStatusChange?: (event: { status: string }) => void;
}
type Method = 'discoverReaders' | 'connectReader' | 'collectPaymentMethod' | 'processPayment' | 'setReaderDisplay' | 'cancelCollectPaymentMethod';

/** Readers registered to Stripe Locations, and which SDK connection each one counts as its point of sale. */
export class ReaderNetwork {
  readonly readers = new Map<string, { reader: TerminalReader; heldBy: string | null }>();

  register(reader: TerminalReader): this {
    this.readers.set(reader.id, { reader, heldBy: null });
    return this;
  }

  holderOf(readerId: string): string | null {
    return this.readers.get(readerId)?.heldBy ?? null;
  }
}

let connections = 0;

export class TerminalDouble {
  calls: string[] = [];
  paymentStatuses: string[] = [];
  connectOptions: unknown[] = [];
  discoveries: unknown[] = [];
  displayed: unknown[] = [];
  /** Queued answers per method (`{ error }` or a result), used before the default behaviour. */
  readonly answers: Partial<Record<Method, Answer[]>> = {};
  /** Queued failures per method: the call throws instead of answering. */
  readonly throws: Partial<Record<Method, Error[]>> = {};
  /** While true, a collect waits for `presentCard()` (a physical reader); otherwise the card is read at once. */
  holdCollect = false;

  private connected: { reader: TerminalReader; connection: string } | null = null;
  private collecting: { clientSecret: string; finish: (answer: Answer) => void } | null = null;

  constructor(
    readonly props: TerminalProps,
    private readonly network: ReaderNetwork,
  ) {}

  private answer(method: Method): Answer | undefined {
    const thrown = this.throws[method]?.shift();
    if (thrown) throw thrown;
    return this.answers[method]?.shift();
  }

  private status(status: string) {
    this.paymentStatuses.push(status);
    this.props.onPaymentStatusChange?.({ status });
  }

  async discoverReaders(config: { simulated?: boolean; location?: string } = {}) {
    this.calls.push('discoverReaders');
    this.discoveries.push(config);
    const queued = this.answer('discoverReaders');
    if (queued) return queued;
    if (config.simulated) return { discoveredReaders: [SIMULATED_READER] };
    const atLocation = [...this.network.readers.values()].map(({ reader }) => reader).filter((reader) => reader.location === config.location);
    return { discoveredReaders: atLocation };
  }

  async connectReader(reader: TerminalReader, options: { fail_if_in_use?: boolean } = {}) {
    this.calls.push('connectReader');
    this.connectOptions.push(options);
    const queued = this.answer('connectReader');
    if (queued) return queued;
    if (this.connected) return { error: { code: 'already_connected', message: 'Already have an active connection to a reader.' } };
    const held = this.network.readers.get(reader.id);
    if (held?.heldBy && options.fail_if_in_use) {
      return { error: { code: 'reader_error', message: 'Reader Error: the reader is currently in use by another point of sale.' } };
    }
    const connection = `connection_${++connections}`;
    if (held) held.heldBy = connection;
    this.connected = { reader, connection };
    return { reader };
  }

  async disconnectReader() {
    this.calls.push('disconnectReader');
    const held = this.connected && this.network.readers.get(this.connected.reader.id);
    if (held) held.heldBy = null;
    this.connected = null;
    return {};
  }

  getConnectedReader() {
    return this.connected?.reader ?? null;
  }

  getPaymentStatus() {
    if (!this.connected) return 'not_ready';
    return this.paymentStatuses.at(-1) ?? 'ready';
  }

  /** The reader drops off the network: the SDK loses it, the reader keeps counting this connection as its holder. */
  dropReader() {
    this.connected = null;
    this.props.onUnexpectedReaderDisconnect?.({ error: { message: 'Reader disconnected' } });
  }

  async setReaderDisplay(request: unknown) {
    this.calls.push('setReaderDisplay');
    const queued = this.answer('setReaderDisplay');
    if (queued) return queued;
    if (!this.connected) return notConnected();
    this.displayed.push(request);
    return {};
  }

  async clearReaderDisplay() {
    this.calls.push('clearReaderDisplay');
    return this.connected ? {} : notConnected();
  }

  async collectPaymentMethod(clientSecret: string, options?: { config_override?: { skip_tipping?: boolean | null } }) {
    this.calls.push(`collectPaymentMethod:${clientSecret}${options?.config_override?.skip_tipping ? ' (no tipping)' : ''}`);
    const queued = this.answer('collectPaymentMethod');
    if (queued) return queued;
    if (!this.connected) return notConnected();
    this.status('waiting_for_input');
    const answer = this.holdCollect
      ? await new Promise<Answer>((finish) => (this.collecting = { clientSecret, finish }))
      : cardRead(clientSecret);
    this.collecting = null;
    this.status('ready');
    return answer;
  }

  /** The customer presents the card to a reader waiting for it. */
  presentCard() {
    this.collecting?.finish(cardRead(this.collecting.clientSecret));
  }

  async cancelCollectPaymentMethod() {
    this.calls.push('cancelCollectPaymentMethod');
    const queued = this.answer('cancelCollectPaymentMethod');
    if (queued) return queued;
    if (!this.collecting) {
      return { error: { code: 'no_active_collect_payment_method_attempt', message: 'There was no active attempt.' } };
    }
    this.collecting.finish({ error: { code: 'canceled', message: 'Action canceled.' } });
    return {};
  }

  async processPayment(paymentIntent: { id: string }) {
    this.calls.push(`processPayment:${paymentIntent.id}`);
    const queued = this.answer('processPayment');
    if (!queued && !this.connected) return notConnected();
    this.status('processing');
    try {
      return queued ?? { paymentIntent: { id: paymentIntent.id, status: 'succeeded' } };
    } finally {
      this.status('ready');
    }
  }

  setSimulatorConfiguration() {}
}

const cardRead = (clientSecret: string): Answer => ({
  paymentIntent: { id: clientSecret.split('_secret_')[0], status: 'requires_confirmation' },
});

const notConnected = () => ({ error: { code: 'no_established_connection', message: 'No established connection to the Reader.' } });

/**
 * The SDK's `StripeTerminal`, whose `create()` hands out doubles on the given network; `terminals` lists them, newest
 * last. `prepare` queues answers on each new double before the kiosk uses it.
 */
export function terminalSdk(network = new ReaderNetwork(), prepare: (terminal: TerminalDouble) => void = () => undefined) {
  const terminals: TerminalDouble[] = [];
  const sdk = {
    create: (props: TerminalProps) => {
      const terminal = new TerminalDouble(props, network);
      prepare(terminal);
      terminals.push(terminal);
      return terminal;
    },
  };
  return { sdk, terminals, network };
}

/**
 * `loadStripeTerminal()` as `@stripe/terminal-js` implements it: the script is injected once and its promise kept,
 * so a first load that failed keeps failing without trying the network again. `attempts` counts network loads.
 */
export function stripeLoader<Sdk>(fetchScript: () => Promise<Sdk | null>) {
  let promise: Promise<Sdk | null> | null = null;
  const loader = {
    attempts: 0,
    load: () => {
      if (!promise) {
        loader.attempts++;
        promise = fetchScript();
      }
      return promise;
    },
  };
  return loader;
}

/** What the kiosk remembers of its reader across reloads (localStorage in the browser). */
export function memory(readerId: string | null = null): OwnReaderMemory {
  let remembered = readerId;
  return {
    load: () => remembered,
    save: (id) => {
      remembered = id;
    },
  };
}
