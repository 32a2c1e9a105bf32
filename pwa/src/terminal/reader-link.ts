import { backoffDelay } from '../timing.ts';
import { isError, type ConnectResult, type DiscoveryConfig, type TerminalAdapter, type TerminalEvents } from './adapter.ts';
import { isReaderInUseError } from './errors.ts';

type ReaderPrimitives = Pick<TerminalAdapter, 'discoverReaders' | 'connectReader' | 'disconnectReader' | 'getConnectedReader'>;

/** The reader this kiosk connected to last, kept across reloads. */
export interface OwnReaderMemory {
  load(): string | null;
  save(readerId: string): void;
}

export interface ReaderLinkOptions {
  /** Discovery scoped to the kiosk's Stripe Location. */
  discovery: DiscoveryConfig;
  /** Where to look when the Location has no reader registered at all (test mode: Stripe's simulated reader). */
  fallbackDiscovery?: DiscoveryConfig;
  /**
   * The reader an operator bound to this kiosk: when it has one, the only one it connects to. The Location's other
   * readers stand at other kiosks, where this kiosk's customer is not.
   */
  readerId?: string | null;
  events: TerminalEvents;
  sleep: (ms: number) => Promise<void>;
  ownReader: OwnReaderMemory;
  /** How often to wait for a reader that another point of sale is using before giving up one connect. */
  inUseRetries?: number;
}

/**
 * Finding, connecting and keeping the kiosk's reader, the same for the real SDK and the simulated reader:
 * the design article's pattern (drop a stale connection first, `fail_if_in_use`), plus automatic reconnection with
 * backoff, because operators notice a dropped reader only when a customer is already waiting.
 */
export class ReaderLink {
  private reconnecting: Promise<ConnectResult> | null = null;
  private connecting: Promise<ConnectResult> | null = null;
  private keeping = false;
  private disposed = false;

  constructor(
    private readonly reader: ReaderPrimitives,
    private readonly options: ReaderLinkOptions,
  ) {}

  async connect(): Promise<ConnectResult> {
    if (this.reader.getConnectedReader()) await this.reader.disconnectReader();
    let discovered = await this.reader.discoverReaders(this.options.discovery);
    if (!isError(discovered) && discovered.discoveredReaders.length === 0 && this.options.fallbackDiscovery) {
      discovered = await this.reader.discoverReaders(this.options.fallbackDiscovery);
    }
    if (isError(discovered)) return discovered;
    const { readerId } = this.options;
    const target = discovered.discoveredReaders.find((reader) => reader.status !== 'offline' && (!readerId || reader.id === readerId));
    // The link's own code: discovery worked but found nothing to connect to.
    if (!target) return { error: { code: 'no_readers_found', message: 'No online card reader at this location' } };

    const inUseRetries = this.options.inUseRetries ?? 5;
    let staleConnectionDropped = false;
    let reclaiming = false;
    let waitedForIt = false;
    for (let attempt = 0; ; attempt++) {
      const result = await this.reader.connectReader(target, { fail_if_in_use: !reclaiming });
      if (!isError(result)) {
        this.options.ownReader.save(target.id);
        // The screen said the reader was busy: it is free now, and the screen must stop saying so.
        if (waitedForIt) this.options.events.onReaderReconnected?.(result.reader);
        return result;
      }
      if (result.error.code === 'already_connected' && !staleConnectionDropped) {
        staleConnectionDropped = true;
        await this.reader.disconnectReader();
        continue;
      }
      if (!isReaderInUseError(result.error) || this.disposed) return result;
      // After a network drop or a reload, the reader may still hold this kiosk's previous connection: `fail_if_in_use`
      // would refuse it forever. A reader this kiosk held last is taken back; any other one is waited for.
      if (!reclaiming && this.options.ownReader.load() === target.id) {
        reclaiming = true;
        continue;
      }
      if (attempt >= inUseRetries) return result;
      this.options.events.onReaderInUse?.();
      waitedForIt = true;
      await this.options.sleep(backoffDelay(attempt + 1));
    }
  }

  /** Callers arriving while a connect or reconnect is under way share its outcome instead of starting another. */
  ensureConnected(): Promise<ConnectResult> {
    if (this.reconnecting) return this.reconnecting;
    if (this.connecting) return this.connecting;
    const reader = this.reader.getConnectedReader();
    if (reader) return Promise.resolve({ reader });
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /**
   * Between customers: connects, and while it cannot (the reader switched off, the network down at boot), tries again
   * with growing pauses, quietly, so operators see the reader online as soon as it is. A customer's payment does not
   * wait for a pause: its own `ensureConnected` tries at once and gets its own answer.
   */
  keepConnected(): void {
    if (this.keeping || this.disposed) return;
    this.keeping = true;
    void (async () => {
      for (let attempt = 0; !this.disposed; attempt++) {
        if (!isError(await this.ensureConnected())) return;
        await this.options.sleep(backoffDelay(attempt));
      }
    })().finally(() => {
      this.keeping = false;
    });
  }

  /** The reader dropped by itself: say so, then keep reconnecting with growing pauses until it is back. */
  readerLost(): void {
    if (this.reconnecting || this.disposed) return;
    this.options.events.onReaderLost?.();
    this.reconnecting = this.reconnectWithBackoff().finally(() => {
      this.reconnecting = null;
    });
  }

  dispose(): void {
    this.disposed = true;
  }

  private async reconnectWithBackoff(): Promise<ConnectResult> {
    for (let attempt = 0; ; attempt++) {
      await this.options.sleep(backoffDelay(attempt));
      if (this.disposed) return { error: { code: 'canceled', message: 'The kiosk stopped using this reader' } };
      const result = await this.connect();
      if (!isError(result)) {
        this.options.events.onReaderReconnected?.(result.reader);
        return result;
      }
    }
  }
}
