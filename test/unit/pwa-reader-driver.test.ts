import type { StripeTerminal } from '@stripe/terminal-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../shared/api.ts';
import { sessionView } from '../support/session-view.ts';
import { ApiError, NetworkError } from '../../pwa/src/api.ts';
import { createReaderDriver } from '../../pwa/src/checkout/reader-driver.ts';
import type { LocalNetworkAccess, TerminalReader } from '../../pwa/src/terminal/adapter.ts';
import { createStripeTerminalAdapter, type StripeTerminalLoader } from '../../pwa/src/terminal/stripe-terminal.ts';
import { wait } from '../../pwa/src/timing.ts';
import { memory, ReaderNetwork, terminalSdk, type TerminalDouble } from '../support/stripe-terminal-double.ts';

const FRONT_COUNTER: TerminalReader = { id: 'tmr_front', label: 'Front counter', device_type: 'bbpos_wisepos_e', status: 'online', location: 'tml_1' };

const SESSION: SessionView = sessionView({ sessionId: 'ses_1', status: 'connecting' });

/**
 * A live kiosk's reader driver over the SDK double, with the worker answering as told. Its pauses are over at once,
 * unless `clock` is `timers`: then they take their time on the (fake) timers, as on a kiosk.
 */
function setUp(
  options: {
    prepare?: (terminal: TerminalDouble) => void;
    localNetworkAccess?: LocalNetworkAccess;
    loadSdk?: StripeTerminalLoader;
    clock?: 'instant' | 'timers';
  } = {},
) {
  const timers = options.clock === 'timers';
  const network = new ReaderNetwork().register({ ...FRONT_COUNTER });
  const { sdk, terminals } = terminalSdk(network, options.prepare);
  const status = { trouble: vi.fn(), recovered: vi.fn(), softwareLoaded: vi.fn(), softwareUnavailable: vi.fn() };
  const server = {
    reportProgress: vi.fn(async (): Promise<SessionView> => SESSION),
    getSession: vi.fn(async (): Promise<SessionView> => SESSION),
    getHealth: vi.fn(async (): Promise<unknown> => ({ ok: true })),
    getKiosk: vi.fn(async (): Promise<unknown> => ({})),
  };
  const driver = createReaderDriver({
    createAdapter: (events) =>
      createStripeTerminalAdapter({
        mode: 'live',
        locationId: 'tml_1',
        readerId: null,
        fetchConnectionToken: async () => 'pst_live_1',
        events,
        ownReader: memory(),
        loadSdk: options.loadSdk ?? (async () => sdk as unknown as StripeTerminal),
        localNetworkAccess: async () => options.localNetworkAccess ?? 'granted',
        sleep: timers ? wait : async () => undefined,
      }),
    server,
    status,
    sleep: timers ? wait : async (_ms, signal) => signal.throwIfAborted(),
  });
  const progress = { seen: vi.fn(), waitingForCard: vi.fn(), cardRead: vi.fn(), trouble: vi.fn() };
  const attempt = new AbortController();
  const collect = () => driver.collect(SESSION, attempt.signal, progress);
  return { driver, terminal: () => terminals.at(-1)!, network, status, server, progress, attempt, collect };
}

/** The customer's card is read, and the reader drops off the network before the kiosk can process it. */
async function readCardThenLoseReader(terminal: () => TerminalDouble, progress: { waitingForCard: ReturnType<typeof vi.fn> }) {
  await vi.waitFor(() => expect(progress.waitingForCard).toHaveBeenCalled());
  terminal().presentCard();
  terminal().dropReader();
}

const processCalls = (terminal: TerminalDouble) => terminal.calls.filter((call) => call.startsWith('processPayment'));

/** The SDK got no connection token from the kiosk's handler. */
const refuseToken = (double: TerminalDouble) => {
  double.answers.connectReader = [{ error: { code: 'failed_fetch_connection_token', message: '`onFetchConnectionToken` failure.' } }];
};

/** The page cannot reach the reader over the local network. */
const unreachableReader = (double: TerminalDouble) => {
  double.answers.connectReader = [{ error: { code: 'network_error', message: 'Failed to fetch' } }];
};

describe('the kiosk driving its reader (Stripe’s SDK)', () => {
  it('waits for the card, reads it, processes it once and leaves the verdict to the server', async () => {
    const { collect, progress, terminal, server } = setUp();
    expect(await collect()).toEqual({ kind: 'processed', readerDecline: undefined });
    expect(progress.waitingForCard).toHaveBeenCalledTimes(1);
    expect(progress.cardRead).toHaveBeenCalledTimes(1);
    expect(terminal().calls.filter((call) => call.startsWith('processPayment'))).toEqual(['processPayment:pi_1']);
    expect(server.reportProgress.mock.calls.map((call: unknown[]) => call[1])).toEqual(['connecting', 'waiting_card', 'processing']);
  });

  it('when processing brings back no PaymentIntent, processes the same PaymentIntent again before asking the server', async () => {
    const noAnswer = { error: { code: 'network_timeout', message: 'The request timed out' } };
    const { collect, terminal, progress } = setUp({ prepare: (double) => (double.answers.processPayment = [noAnswer]) });
    expect(await collect()).toEqual({ kind: 'processed', readerDecline: undefined });
    expect(terminal().calls.filter((call) => call.startsWith('processPayment'))).toEqual(['processPayment:pi_1', 'processPayment:pi_1']);
    expect(progress.trouble).not.toHaveBeenCalled();
  });

  it('a PaymentIntent still awaiting confirmation is processed again with the PaymentIntent Stripe sent back', async () => {
    const updated = { id: 'pi_1', status: 'requires_confirmation', amount: 450 };
    const { collect, terminal } = setUp({
      prepare: (double) => (double.answers.processPayment = [{ error: { code: 'network_error', message: 'offline', payment_intent: updated } }]),
    });
    expect(await collect()).toMatchObject({ kind: 'processed' });
    expect(terminal().calls.filter((call) => call.startsWith('processPayment'))).toHaveLength(2);
  });

  describe('a reader that drops after reading the card, before processing it', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('the kiosk says the reader is reconnecting, waits for it, then processes the same card on the same PaymentIntent', async () => {
      vi.useFakeTimers();
      const { collect, terminal, status, progress } = setUp({ clock: 'timers', prepare: (double) => (double.holdCollect = true) });
      const collecting = collect();
      await readCardThenLoseReader(terminal, progress);
      // The reader stays out of reach for its first three reconnect attempts (about 3.5 s), then comes back.
      const unreachable = { error: { code: 'network_error', message: 'Failed to fetch' } };
      terminal().answers.connectReader = [unreachable, unreachable, unreachable];

      await vi.advanceTimersByTimeAsync(20_000);
      expect(await collecting).toEqual({ kind: 'processed', readerDecline: undefined });
      expect(status.trouble).toHaveBeenCalledWith('reader.lost');
      expect(status.recovered).toHaveBeenCalled();
      // Processed once while the reader was gone, once more after it came back: that one charged the card.
      expect(processCalls(terminal())).toEqual(['processPayment:pi_1', 'processPayment:pi_1']);
      expect(terminal().calls.lastIndexOf('processPayment:pi_1')).toBeGreaterThan(terminal().calls.lastIndexOf('connectReader'));
      expect(terminal().calls.filter((call) => call.startsWith('collectPaymentMethod'))).toHaveLength(1);
    });

    it('a reader that does not come back within the time limit leaves the verdict to the server, without processing blind', async () => {
      vi.useFakeTimers();
      const { collect, terminal, network, progress } = setUp({ clock: 'timers', prepare: (double) => (double.holdCollect = true) });
      let outcome: unknown = null;
      const collecting = collect().then((result) => (outcome = result));
      await readCardThenLoseReader(terminal, progress);
      // Switched off: discovery still lists it, offline.
      network.readers.get(FRONT_COUNTER.id)!.reader.status = 'offline';

      await vi.advanceTimersByTimeAsync(30_000);
      expect(outcome).toBeNull();
      await vi.advanceTimersByTimeAsync(60_000);
      await collecting;
      expect(outcome).toEqual({ kind: 'processed', readerDecline: undefined });
      expect(processCalls(terminal())).toEqual(['processPayment:pi_1']);
    });

    it('a customer who cancels while the reader is away ends the wait at once', async () => {
      vi.useFakeTimers();
      const { collect, terminal, network, progress, attempt } = setUp({ clock: 'timers', prepare: (double) => (double.holdCollect = true) });
      const collecting = collect();
      collecting.catch(() => undefined);
      await readCardThenLoseReader(terminal, progress);
      network.readers.get(FRONT_COUNTER.id)!.reader.status = 'offline';
      await vi.advanceTimersByTimeAsync(5_000);
      attempt.abort();
      await expect(collecting).rejects.toThrow();
      expect(processCalls(terminal())).toEqual(['processPayment:pi_1']);
    });
  });

  it('a card the reader declined is handed to the server with its decline code', async () => {
    const decline = {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Insufficient funds',
      payment_intent: { id: 'pi_1', status: 'requires_payment_method' },
    };
    const { collect } = setUp({ prepare: (double) => (double.answers.processPayment = [{ error: decline }]) });
    expect(await collect()).toEqual({ kind: 'processed', readerDecline: 'insufficient_funds' });
  });

  it('an SDK call that throws is tried again with a message, and the customer can still pay', async () => {
    const { collect, progress } = setUp({ prepare: (double) => (double.throws.connectReader = [new TypeError('Failed to fetch')]) });
    expect(await collect()).toMatchObject({ kind: 'processed' });
    expect(progress.trouble).toHaveBeenCalledWith('error.generic');
  });

  it('a reader that needs a software update leads to the staff screen instead of an endless retry', async () => {
    const { collect, terminal } = setUp({
      prepare: (double) => (double.answers.connectReader = [{ error: { code: 'invalid_reader_version', message: 'Invalid Reader version.' } }]),
    });
    expect(await collect()).toEqual({ kind: 'problem', problem: 'reader_update_required' });
    expect(terminal().calls.filter((call) => call === 'connectReader')).toHaveLength(1);
  });

  it('a kiosk whose credentials were revoked (no connection token) goes back to pairing', async () => {
    const { collect, server } = setUp({ prepare: refuseToken });
    server.getKiosk.mockRejectedValueOnce(new ApiError(401, 'unauthorized', 'Unknown kiosk token'));
    expect(await collect()).toEqual({ kind: 'revoked' });
  });

  it('a connection token that could not be fetched while the kiosk is still accepted is tried again', async () => {
    const { collect, progress } = setUp({ prepare: refuseToken });
    expect(await collect()).toMatchObject({ kind: 'processed' });
    expect(progress.trouble).toHaveBeenCalledWith('error.connectionToken');
  });

  it('a connection token that could not be fetched because the server is gone leads to the offline screen', async () => {
    const { collect, server } = setUp({ prepare: refuseToken });
    server.getKiosk.mockRejectedValueOnce(new NetworkError('offline'));
    expect(await collect()).toEqual({ kind: 'unreachable' });
  });

  it.each(['prompt', 'denied'] as const)(
    'a reader out of reach while Chrome’s Local Network Access is "%s" leads to the staff screen that says what to allow',
    async (access) => {
      const { collect } = setUp({ localNetworkAccess: access, prepare: unreachableReader });
      expect(await collect()).toEqual({ kind: 'problem', problem: 'local_network_blocked' });
    },
  );

  it('a reader out of reach while the browser allows the local network: the customer hears the reader is reconnecting, and it is retried', async () => {
    const { collect, progress } = setUp({ localNetworkAccess: 'granted', prepare: unreachableReader });
    expect(await collect()).toMatchObject({ kind: 'processed' });
    expect(progress.trouble).toHaveBeenCalledWith('reader.lost');
  });

  it('a network drop while the reader waits keeps the attempt: the customer is told, the kiosk waits for the network, then the card pays', async () => {
    const dropped = { error: { code: 'network_error', message: 'Failed to fetch' } };
    const { collect, server, progress } = setUp({ prepare: (double) => (double.answers.collectPaymentMethod = [dropped]) });
    server.getHealth.mockRejectedValueOnce(new NetworkError('offline'));
    expect(await collect()).toMatchObject({ kind: 'processed' });
    expect(progress.trouble).toHaveBeenCalledWith('connection.lost');
    expect(server.getSession).toHaveBeenCalledWith(SESSION.sessionId);
  });

  it('back from a network drop, a session the server ended meanwhile is its verdict, and the reader is not asked again', async () => {
    const dropped = { error: { code: 'network_error', message: 'Failed to fetch' } };
    const { collect, server, terminal } = setUp({ prepare: (double) => (double.answers.collectPaymentMethod = [dropped]) });
    server.getHealth.mockRejectedValueOnce(new NetworkError('offline'));
    const expired = sessionView({ sessionId: SESSION.sessionId, status: 'cancelled', cancellationReason: 'expired' });
    server.getSession.mockResolvedValueOnce(expired);
    expect(await collect()).toEqual({ kind: 'verdict', session: expired });
    expect(terminal().calls.filter((call) => call.startsWith('collectPaymentMethod'))).toHaveLength(1);
  });

  it('Stripe’s SDK that cannot be loaded: the staff screen when the server answers, and the reload policy is told', async () => {
    const { collect, status } = setUp({ loadSdk: () => Promise.reject(new Error('Failed to load StripeTerminal')) });
    expect(await collect()).toEqual({ kind: 'problem', problem: 'reader_software_unavailable' });
    expect(status.softwareUnavailable).toHaveBeenCalled();
  });

  it('Stripe’s SDK that cannot be loaded while the server is unreachable too leads to the offline screen', async () => {
    const { collect, server } = setUp({ loadSdk: () => Promise.reject(new Error('Failed to load StripeTerminal')) });
    server.getHealth.mockRejectedValueOnce(new NetworkError('offline'));
    expect(await collect()).toEqual({ kind: 'unreachable' });
  });

  it('a card cancelled on the reader itself ends the attempt as a cancel', async () => {
    const { collect } = setUp({
      prepare: (double) => (double.answers.collectPaymentMethod = [{ error: { code: 'canceled', message: 'Action canceled.' } }]),
    });
    expect(await collect()).toEqual({ kind: 'cancelled_on_reader' });
  });

  it('aborting the attempt (cancel, new order, offline) stops the reader’s wait for the card', async () => {
    const { collect, terminal, attempt, progress } = setUp({ prepare: (double) => (double.holdCollect = true) });
    const collecting = collect();
    await vi.waitFor(() => expect(progress.waitingForCard).toHaveBeenCalled());
    attempt.abort();
    await expect(collecting).rejects.toThrow();
    expect(terminal().calls).toContain('cancelCollectPaymentMethod');
    expect(progress.cardRead).not.toHaveBeenCalled();
  });

  it('back from a network drop while the reader still waits for the card, the customer is asked for the card again', async () => {
    const { driver, terminal, attempt, progress, collect } = setUp({
      prepare: (double) => {
        double.holdCollect = true;
        // The tablet's network is down: the cancel never reaches the reader, which keeps waiting for the card.
        double.answers.cancelCollectPaymentMethod = [{ error: { code: 'network_error', message: 'Failed to fetch' } }];
      },
    });
    const interrupted = collect();
    interrupted.catch(() => undefined);
    await vi.waitFor(() => expect(progress.waitingForCard).toHaveBeenCalledTimes(1));
    attempt.abort();

    const resumed = { seen: vi.fn(), waitingForCard: vi.fn(), cardRead: vi.fn(), trouble: vi.fn() };
    const collecting = driver.collect(SESSION, new AbortController().signal, resumed);
    await vi.waitFor(() => expect(resumed.waitingForCard).toHaveBeenCalledTimes(1));
    terminal().presentCard();
    expect(await collecting).toEqual({ kind: 'processed', readerDecline: undefined });
    expect(terminal().calls.filter((call) => call.startsWith('collectPaymentMethod'))).toHaveLength(1);
  });

  it('stopping never fails, even when the reader refuses to cancel', async () => {
    const { driver } = setUp({ prepare: (double) => (double.throws.cancelCollectPaymentMethod = [new Error('reader gone')]) });
    driver.warmUp();
    await expect(driver.stop()).resolves.toBeUndefined();
  });
});
