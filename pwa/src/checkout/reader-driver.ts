/**
 * The kiosk drives its reader itself: connect, show the cart on the reader, collect the card, process it. The design's
 * discover -> connect -> collectPaymentMethod -> processPayment, over an SDK-shaped adapter (Stripe's JS SDK, or the
 * worker's simulated reader). Reader trouble is waited out and the same step repeated on the same PaymentIntent;
 * a new PaymentIntent is never created here.
 */
import type { SessionView } from '../../../shared/api.ts';
import { isFinal } from '../../../shared/session-status.ts';
import { isAuthError } from '../api.ts';
import { backoffDelay, wait } from '../timing.ts';
import { isError, type TerminalAdapter, type TerminalError, type TerminalEvents, type TerminalPaymentIntent } from '../terminal/adapter.ts';
import { collectWithCart, readerDisplayFor } from '../terminal/collect-with-cart.ts';
import { screenForTerminalError } from '../terminal/errors.ts';
import type { CheckoutDriver, CheckoutProgress, DriverOutcome, ReaderStatus } from './driver.ts';

/** The server calls this driver makes: progress hints, and the checks that tell a dead network from a refused kiosk. */
export interface ReaderDriverServer {
  reportProgress(sessionId: string, status: 'connecting' | 'waiting_card' | 'processing'): Promise<SessionView>;
  getSession(sessionId: string): Promise<SessionView>;
  getHealth(): Promise<unknown>;
  getKiosk(): Promise<unknown>;
}

export interface ReaderDriverOptions {
  createAdapter(events: TerminalEvents): Promise<TerminalAdapter>;
  server: ReaderDriverServer;
  status: ReaderStatus;
  /** Pauses between retries; it must reject with the signal's reason once the signal is aborted. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** processPayment is tried this many more times on the same PaymentIntent before the server is asked. */
const PROCESS_RETRIES = 3;
/** While the kiosk's network is down: how often it looks whether it is back. */
const OFFLINE_RETRY_MS = 2_000;
/**
 * How long a customer whose card was read waits for a dropped reader to come back before the server is asked instead.
 * The link's own reconnecting never gives up; this wait must.
 */
const READER_RETURN_MS = 60_000;

/** What to do after a failed step: act on an outcome, or wait (for the network) and repeat the step. */
type NextStep = DriverOutcome | 'retry' | 'wait_for_network';

const ignore = () => undefined;

export function createReaderDriver(options: ReaderDriverOptions): CheckoutDriver {
  const { server, status } = options;
  const sleep = options.sleep ?? wait;
  let adapter: Promise<TerminalAdapter> | null = null;
  /** The adapter once it has loaded, for the questions that cannot wait for it. */
  let loaded: TerminalAdapter | null = null;
  /** Told when the reader starts waiting for the card of the checkout being collected, if any. */
  let onWaitingForCard: (() => void) | null = null;

  const events: TerminalEvents = {
    onReaderLost: () => status.trouble('reader.lost'),
    onReaderReconnected: () => status.recovered(),
    onReaderInUse: () => status.trouble('reader.inUse'),
    onWaitingForInput: () => onWaitingForCard?.(),
  };

  function reader(): Promise<TerminalAdapter> {
    if (!adapter) {
      const created = options.createAdapter(events);
      adapter = created;
      created.then((terminal) => {
        loaded = terminal;
        status.softwareLoaded();
      }, () => {
        if (adapter === created) adapter = null;
        status.softwareUnavailable();
      });
    }
    return adapter;
  }

  /** Keeps the session alive; the server may refuse it once the session is finished, which is fine. */
  const hint = (session: SessionView, status: 'connecting' | 'waiting_card' | 'processing', progress: CheckoutProgress) =>
    void server.reportProgress(session.sessionId, status).then(progress.seen, ignore);

  async function reachable(): Promise<boolean> {
    try {
      await server.getHealth();
      return true;
    } catch {
      return false;
    }
  }

  /** The SDK got no connection token: a refused kiosk goes back to pairing instead of retrying forever. */
  async function standing(): Promise<'accepted' | 'revoked' | 'unreachable'> {
    try {
      await server.getKiosk();
      return 'accepted';
    } catch (error) {
      return isAuthError(error) ? 'revoked' : 'unreachable';
    }
  }

  /** What a failed connect or collect leads to. */
  async function afterError(
    error: TerminalError,
    phase: 'connect' | 'collect',
    terminal: TerminalAdapter,
    progress: CheckoutProgress,
  ): Promise<NextStep> {
    const access = phase === 'connect' && error.code?.startsWith('network_') ? await terminal.localNetworkAccess?.() : undefined;
    const outcome = screenForTerminalError(error, phase, access);
    switch (outcome.screen) {
      case 'cancelled':
        return { kind: 'cancelled_on_reader' };
      case 'declined':
        return { kind: 'declined', declineCode: error.decline_code ?? error.code };
      case 'update_required':
        return { kind: 'problem', problem: 'reader_update_required' };
      case 'local_network_blocked':
        return { kind: 'problem', problem: 'local_network_blocked' };
      case 'offline':
        // The customer's attempt stays: the reader may still wait for their card, and the session is kept open.
        if (!(await reachable())) {
          progress.trouble('connection.lost');
          return 'wait_for_network';
        }
        break;
      case 'credentials': {
        const kiosk = await standing();
        if (kiosk !== 'accepted') return { kind: kiosk };
        break;
      }
      case 'reader_lost':
      case 'retry':
        if (error.code === 'command_already_in_progress') await terminal.cancelCollectPaymentMethod();
        break;
    }
    progress.trouble(outcome.messageKey);
    return 'retry';
  }

  /** After a network drop or a refused collect: the session may have ended meanwhile (paid, expired, cancelled by an operator). */
  async function endedMeanwhile(session: SessionView): Promise<SessionView | null> {
    try {
      const now = await server.getSession(session.sessionId);
      return isFinal(now.status) ? now : null;
    } catch {
      return null;
    }
  }

  /** Whether the reader is connected again before `timeUp`; the adapter is reconnecting it meanwhile. */
  async function readerBack(terminal: TerminalAdapter, timeUp: Promise<'time_up'>, signal: AbortSignal): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const connected = await Promise.race([terminal.ensureConnected(), timeUp]);
      if (connected === 'time_up') return false;
      if (!isError(connected)) return true;
      if ((await Promise.race([sleep(backoffDelay(attempt), signal), timeUp])) === 'time_up') return false;
    }
  }

  /** Processes the collected card; returns the reader's decline code, if it declined. The server has the last word. */
  async function process(
    terminal: TerminalAdapter,
    collected: TerminalPaymentIntent,
    signal: AbortSignal,
    progress: CheckoutProgress,
  ): Promise<string | undefined> {
    let paymentIntent = collected;
    /** Ends the wait for a dropped reader: its time limit, from the first drop, or the attempt's end. */
    const waiting = new AbortController();
    let timeUp: Promise<'time_up'> | null = null;
    try {
      let processed = await terminal.processPayment(paymentIntent);
      for (let retries = 0, readerWaits = 0; isError(processed); ) {
        const { screen, messageKey } = screenForTerminalError(processed.error, 'process');
        if (screen === 'reader_lost' && readerWaits < PROCESS_RETRIES) {
          readerWaits++;
          // The card read stays in the PaymentIntent the SDK handed back: once the reader is back, it is processed.
          progress.trouble(messageKey);
          timeUp ??= sleep(READER_RETURN_MS, AbortSignal.any([signal, waiting.signal])).then(() => 'time_up' as const);
          timeUp.catch(ignore);
          // Not back in time: the server asks Stripe, as for any payment whose processing did not finish.
          if (!(await readerBack(terminal, timeUp, signal))) break;
          status.recovered();
        } else if (screen === 'retry' && retries < PROCESS_RETRIES) {
          await sleep(backoffDelay(retries++), signal);
        } else {
          break;
        }
        // Still awaiting confirmation: the updated PaymentIntent. No answer from Stripe: the original one, as Stripe advises.
        paymentIntent = processed.error.payment_intent ?? paymentIntent;
        processed = await terminal.processPayment(paymentIntent);
      }
      if (!isError(processed) || screenForTerminalError(processed.error, 'process').screen !== 'declined') return undefined;
      return processed.error.decline_code ?? processed.error.code ?? 'card_declined';
    } finally {
      waiting.abort();
    }
  }

  const driver: CheckoutDriver = {
    async collect(session, signal, progress) {
      const stopOnAbort = () => void driver.stop();
      signal.addEventListener('abort', stopOnAbort, { once: true });
      let troubles = 0;
      let wasOffline = false;
      /** After a failed step: the outcome to act on, or null once the pause before repeating the step is over. */
      const next = async (step: NextStep): Promise<DriverOutcome | null> => {
        if (step === 'wait_for_network') {
          wasOffline = true;
          await sleep(OFFLINE_RETRY_MS, signal);
          return null;
        }
        if (step !== 'retry') return step;
        await sleep(backoffDelay(troubles++), signal);
        return null;
      };
      hint(session, 'connecting', progress);
      try {
        for (;;) {
          signal.throwIfAborted();
          let terminal: TerminalAdapter;
          try {
            terminal = await reader();
          } catch {
            return (await reachable()) ? { kind: 'problem', problem: 'reader_software_unavailable' } : { kind: 'unreachable' };
          }
          const connected = await terminal.ensureConnected();
          signal.throwIfAborted();
          if (isError(connected)) {
            const outcome = await next(await afterError(connected.error, 'connect', terminal, progress));
            if (outcome) return outcome;
            continue;
          }
          if (wasOffline) {
            wasOffline = false;
            const ended = await endedMeanwhile(session);
            signal.throwIfAborted();
            if (ended) return { kind: 'verdict', session: ended };
          }

          // "Insert or tap your card" only once the reader really waits for it.
          onWaitingForCard = () => {
            hint(session, 'waiting_card', progress);
            progress.waitingForCard();
          };
          const collected = await collectWithCart(terminal, session.clientSecret, readerDisplayFor(session), signal);
          onWaitingForCard = null;
          signal.throwIfAborted();
          if (isError(collected)) {
            // The session may have ended under the reader (an operator cancelled it, it expired): its verdict, not a retry.
            const ended = await endedMeanwhile(session);
            signal.throwIfAborted();
            if (ended) return { kind: 'verdict', session: ended };
            const outcome = await next(await afterError(collected.error, 'collect', terminal, progress));
            if (outcome) return outcome;
            continue;
          }

          progress.cardRead();
          hint(session, 'processing', progress);
          return { kind: 'processed', readerDecline: await process(terminal, collected.paymentIntent, signal, progress) };
        }
      } finally {
        onWaitingForCard = null;
        signal.removeEventListener('abort', stopOnAbort);
      }
    },

    warmUp() {
      reader().then((terminal) => terminal.keepConnected(), ignore);
    },

    async stop() {
      onWaitingForCard = null;
      try {
        await (await adapter)?.cancelCollectPaymentMethod();
      } catch {
        // No reader software, so nothing is collecting.
      }
    },

    reset() {
      adapter?.then((terminal) => terminal.clearReaderDisplay(), ignore);
    },

    readerLink() {
      if (!loaded) return null;
      return loaded.getConnectedReader() ? 'connected' : 'disconnected';
    },

    chooseTestCard(cardNumber) {
      adapter?.then((terminal) => terminal.setSimulatorConfiguration({ testCardNumber: cardNumber }), ignore);
    },

    async tapTestCard(cardNumber) {
      const terminal = await adapter?.catch(ignore);
      if (!terminal) return;
      terminal.setSimulatorConfiguration({ testCardNumber: cardNumber });
      const result = await terminal.presentTestCard?.();
      if (result && isError(result)) console.warn('Test card not presented:', result.error.message);
    },

    dispose() {
      adapter?.then((terminal) => terminal.dispose(), ignore);
    },
  };
  return driver;
}
