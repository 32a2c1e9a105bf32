/**
 * Server-driven mode: the worker hands each payment to the kiosk's reader through Stripe's API (creating the session
 * already did), learns the outcome from Stripe, and the tablet only follows the session on its live channel. After a
 * decline the worker hands the same PaymentIntent to the reader again (`/retry`); cancel is the checkout's `/cancel`,
 * which takes the payment back from the reader too.
 */
import type { SessionView } from '../../../shared/api.ts';
import { ApiError, isAuthError, NetworkError } from '../api.ts';
import { readerProblemOf } from '../flow-decisions.ts';
import { callWhileBusy } from '../retry.ts';
import { followSession, KeptChannel, type LiveSessionServer } from './live-session.ts';
import type { CheckoutDriver, CheckoutProgress, DriverOutcome } from './driver.ts';

export interface ServerDriverServer extends LiveSessionServer {
  retrySession(sessionId: string): Promise<SessionView>;
  /** Simulated mode: the customer's card at the reader (Stripe's `present_payment_method` test helper). */
  presentTestCard(readerId: string, cardNumber: string): Promise<unknown>;
}

export interface ServerDriverOptions {
  server: ServerDriverServer;
  /** The kiosk's reader, for the developer panel's test card. */
  readerId: string | null;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Where following the session ends: the server's verdict, or a decline that leaves it open for another card. */
const decided = (view: SessionView) => ['success', 'failed', 'cancelled', 'requires_attention'].includes(view.status);

/** A call that failed: what the checkout does about it; anything unforeseen is rethrown, and the server decides. */
function outcomeOfFailure(error: unknown): DriverOutcome {
  if (isAuthError(error)) return { kind: 'revoked' };
  if (error instanceof NetworkError) return { kind: 'unreachable' };
  const problem = error instanceof ApiError ? readerProblemOf(error.code) : null;
  if (problem) return { kind: 'problem', problem };
  throw error;
}

export function createServerDriver({ server, readerId, sleep }: ServerDriverOptions): CheckoutDriver {
  // After a decline the session's socket stays open for the next card: a payment costs the tablet one socket.
  const keeper = new KeptChannel();
  const declined = (view: SessionView) => view.status === 'failed';

  /**
   * Declined before: the reader asks for another card on the same PaymentIntent, once the worker could hand it back
   * (asked again after its Retry-After, when it gave one). Until then nothing was tried on a card: the customer is told
   * the kiosk tries again, never the earlier decline.
   */
  const handBack = (sessionId: string, signal: AbortSignal, progress: CheckoutProgress): Promise<SessionView> =>
    callWhileBusy(() => server.retrySession(sessionId), signal, (notice) => progress.trouble(notice), sleep);

  return {
    async collect(session, signal, progress) {
      let last = session.status;
      const seen = (view: SessionView) => {
        if (signal.aborted) return;
        progress.seen(view);
        last = view.status;
        if (view.status === 'waiting_card') progress.waitingForCard();
        else if (view.status === 'processing') progress.cardRead();
      };
      // The reader goes on without the tablet: a card read meanwhile may be charged, and the customer must not pay twice.
      const offline = () => {
        if (!signal.aborted) progress.trouble(last === 'processing' ? 'connection.checking' : 'connection.lost');
      };
      try {
        const handed = session.status === 'failed' ? await handBack(session.sessionId, signal, progress) : session;
        signal.throwIfAborted();
        seen(handed);
        const verdict = decided(handed)
          ? handed
          : await followSession(handed.sessionId, { server, signal, seen, done: decided, offline, sleep, keeper, keepOpen: declined, after: handed });
        return { kind: 'verdict', session: verdict };
      } catch (error) {
        signal.throwIfAborted();
        return outcomeOfFailure(error);
      }
    },

    // Nothing runs on the tablet: the reader waits at the worker's word, and aborting the attempt closes the channel.
    warmUp() {},
    async stop() {
      keeper.close();
    },
    reset() {
      keeper.close();
    },
    readerLink: () => null,
    chooseTestCard() {},

    async tapTestCard(cardNumber) {
      if (!readerId) return;
      try {
        await server.presentTestCard(readerId, cardNumber);
      } catch (error) {
        console.warn('Test card not presented:', error);
      }
    },

    dispose() {
      keeper.close();
    },
  };
}
