import { declineMessageKey } from '../declines.ts';
import type { MessageKey } from '../i18n.ts';
import type { TerminalError } from './adapter.ts';

/** Which reader step failed: the same code means different things before and after the card was charged. */
export type TerminalPhase = 'connect' | 'collect' | 'process';

/**
 * What the kiosk does about a reader error:
 * - `declined`: show the reason; the customer may try another card on the same PaymentIntent.
 * - `cancelled`: the collect was cancelled (by the customer or the kiosk).
 * - `reader_lost`: wait for the reader to come back (the adapter reconnects), then repeat the step.
 * - `retry`: a passing condition; wait a little and repeat the step.
 * - `offline`: the kiosk cannot reach its server or Stripe; check the connection before anything else.
 * - `verify`: the payment may or may not have gone through; ask the server (`/complete`) before anything else.
 */
export type TerminalErrorScreen = 'declined' | 'cancelled' | 'reader_lost' | 'retry' | 'offline' | 'verify';

export interface TerminalErrorOutcome {
  screen: TerminalErrorScreen;
  messageKey: MessageKey;
}

const IN_USE_CODES = new Set(['reader_busy', 'reader_in_use', 'terminal_reader_busy']);

/**
 * With `fail_if_in_use`, connecting to a reader another point of sale holds fails; the JS SDK reports it as a
 * reader error whose message says the reader is in use, so both the code and the message are checked.
 */
export const isReaderInUseError = (error: TerminalError): boolean =>
  IN_USE_CODES.has(error.code ?? '') ||
  (error.code === 'reader_error' && /in use|already connected to|busy/i.test(error.message));

const isDecline = (error: TerminalError): boolean =>
  error.code === 'card_declined' ||
  Boolean(error.decline_code) ||
  error.payment_intent?.status === 'requires_payment_method';

export function screenForTerminalError(error: TerminalError, phase: TerminalPhase): TerminalErrorOutcome {
  if (error.code === 'canceled') return { screen: 'cancelled', messageKey: 'status.cancelled' };
  if (phase !== 'connect' && isDecline(error)) {
    return { screen: 'declined', messageKey: declineMessageKey(error.decline_code ?? error.code) };
  }
  if (phase === 'process') {
    // A PaymentIntent still awaiting confirmation was not charged: process it again.
    if (error.payment_intent?.status === 'requires_confirmation') return { screen: 'retry', messageKey: 'status.processing' };
    // Anything else may have charged the card: only the server can tell.
    return { screen: 'verify', messageKey: 'status.checking' };
  }
  if (isReaderInUseError(error)) return { screen: 'retry', messageKey: 'reader.inUse' };
  switch (error.code) {
    case 'no_established_connection':
    case 'reader_error':
      return { screen: 'reader_lost', messageKey: 'reader.lost' };
    case 'network_error':
    case 'network_timeout':
      return { screen: 'offline', messageKey: 'error.network' };
    case 'failed_fetch_connection_token':
      return { screen: 'offline', messageKey: 'error.connectionToken' };
    case 'already_connected':
    case 'command_already_in_progress':
      return { screen: 'retry', messageKey: 'reader.busy' };
    case 'no_readers_found':
      return { screen: 'retry', messageKey: 'reader.notFound' };
    default:
      return { screen: 'retry', messageKey: 'error.generic' };
  }
}
