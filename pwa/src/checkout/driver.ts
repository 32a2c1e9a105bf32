/**
 * The seam between the checkout and whatever drives the card reader. The checkout creates the session, owns the
 * attempt's AbortController and shows the screens; a driver takes the customer's card for a session and says how it
 * went. Chosen by the kiosk configuration's reader mode, each driver a chunk of its own:
 * - `server-driver.ts` (server-driven, the default): creating the session already handed the payment to the reader;
 *   the driver follows the session's live channel until the server's verdict, and hands a declined payment back
 *   to the reader (`/retry`).
 * - `reader-driver.ts` (js-sdk): the kiosk drives its reader itself (Stripe's JS SDK in test and live mode, the
 *   worker's simulated reader in simulated mode); the checkout then asks the server for the verdict (`/complete`).
 */
import type { HeartbeatRequest, KioskConfigResponse, SessionView } from '../../../shared/api.ts';
import * as api from '../api.ts';
import type { MessageKey } from '../i18n.ts';
import type { ReaderProblem } from '../kiosk-screen.ts';
import * as storage from '../storage.ts';

export type ReaderLink = NonNullable<HeartbeatRequest['reader']>;

/** What the customer sees move while the card is taken; the checkout turns these into screens. */
export interface CheckoutProgress {
  /** The session as the server just showed it (its `expiresAt` moves with progress). */
  seen(view: SessionView): void;
  /** The reader waits for the card. */
  waitingForCard(): void;
  /** The card was read and its payment is being processed: from here on the card may be charged. */
  cardRead(): void;
  /** A passing problem the driver waits out before it tries again. */
  trouble(notice: MessageKey): void;
}

/** What happens to the reader outside any checkout: shown as a passing remark, and the SDK's load for the reload policy. */
export interface ReaderStatus {
  trouble(notice: MessageKey): void;
  recovered(): void;
  softwareLoaded(): void;
  softwareUnavailable(): void;
}

export type DriverOutcome =
  /** The reader is done: only the server's check says whether the customer paid. `readerDecline`: what the reader said. */
  | { kind: 'processed'; readerDecline?: string }
  /** The server decided (paid, declined with the payment still open, cancelled, or for staff): its view says which. */
  | { kind: 'verdict'; session: SessionView }
  /** Declined while the card was read, before anything was charged. */
  | { kind: 'declined'; declineCode?: string }
  | { kind: 'cancelled_on_reader' }
  /** The reader cannot take the payment now (often until a member of staff acts): its screen says what to do. */
  | { kind: 'problem'; problem: ReaderProblem }
  /** The kiosk's server cannot be reached. */
  | { kind: 'unreachable' }
  /** The server no longer accepts this kiosk's credentials. */
  | { kind: 'revoked' };

export interface CheckoutDriver {
  /**
   * Takes the customer's card for the session. Passing problems are waited out; the promise resolves with the first
   * outcome the checkout must act on, and rejects with the signal's reason once the attempt is aborted.
   */
  collect(session: SessionView, signal: AbortSignal, progress: CheckoutProgress): Promise<DriverOutcome>;
  /** Gets the reader ready before the first customer. */
  warmUp(): void;
  /** Stops whatever the reader is doing for the checkout (cancel, new order, offline). Never rejects. */
  stop(): Promise<void>;
  /** Back to the reader's idle screen after a finished order. */
  reset(): void;
  /**
   * Whether the tablet is connected to its reader, for the heartbeat that shows operators the fleet (SDK mode).
   * Null when the server follows the reader itself (server-driven), or before the reader's software has loaded.
   */
  readerLink(): ReaderLink | null;
  /** Simulated mode's developer panel: the card the reader will read, and "tapping" it. */
  chooseTestCard(cardNumber: string): void;
  tapTestCard(cardNumber: string): Promise<void>;
  dispose(): void;
}

/** The driver for this kiosk's configuration; only its chunk is downloaded. */
export async function createCheckoutDriver(config: KioskConfigResponse, status: ReaderStatus): Promise<CheckoutDriver> {
  if (config.readerMode === 'server-driven') {
    const { createServerDriver } = await import('./server-driver.ts');
    return createServerDriver({
      server: {
        openLiveChannel: api.openLiveChannel,
        getSession: api.getSession,
        retrySession: api.retrySession,
        presentTestCard: api.simulatedReader.present,
      },
      readerId: config.readerId,
    });
  }
  const { createReaderDriver } = await import('./reader-driver.ts');
  return createReaderDriver({
    createAdapter: async (events) => {
      // Each kind of reader is a chunk of its own: a kiosk downloads only the one it uses.
      if (config.mode === 'simulated') {
        const { createSimulatedReaderAdapter } = await import('../terminal/simulated-reader.ts');
        return createSimulatedReaderAdapter({ api: api.simulatedReader, events, ownReader: storage.ownReader });
      }
      // The SDK module then loads Stripe's script.
      const { createStripeTerminalAdapter } = await import('../terminal/stripe-terminal.ts');
      return createStripeTerminalAdapter({
        mode: config.mode,
        locationId: config.locationId,
        readerId: config.readerId,
        fetchConnectionToken: api.createConnectionToken,
        events,
        ownReader: storage.ownReader,
      });
    },
    server: {
      reportProgress: api.reportProgress,
      getSession: api.getSession,
      getHealth: api.getHealth,
      getKiosk: api.getKiosk,
    },
    status,
  });
}
