import { declineMessageKey } from '../declines.ts';
import type { MessageKey } from '../i18n.ts';
import type { LocalNetworkAccess, TerminalError } from './adapter.ts';

/** Which reader step failed: the same code means different things before and after the card was charged. */
export type TerminalPhase = 'connect' | 'collect' | 'process';

/**
 * What the kiosk does about a reader error:
 * - `declined`: show the reason; the customer may try another card on the same PaymentIntent.
 * - `cancelled`: the collect was cancelled on the reader itself.
 * - `reader_lost`: wait for the reader to come back (the adapter reconnects), then repeat the step (while processing:
 *   process the same PaymentIntent, whose collected card the SDK keeps in it).
 * - `retry`: a passing condition; wait a little and repeat the step (while processing: process the same PaymentIntent again).
 * - `offline`: the kiosk may not reach its server, Stripe or the reader; check the connection before anything else
 *   (the kiosk's own connection has its own words; with it up, it is the reader that is out of reach).
 * - `credentials`: the SDK got no connection token; ask the server whether it still accepts this kiosk.
 * - `verify`: the payment may or may not have gone through; ask the server (`/complete`) before anything else.
 * - `update_required`, `local_network_blocked`: retrying cannot help until a member of staff acts.
 */
export type TerminalErrorScreen =
  | 'declined'
  | 'cancelled'
  | 'reader_lost'
  | 'retry'
  | 'offline'
  | 'credentials'
  | 'verify'
  | 'update_required'
  | 'local_network_blocked';

export interface TerminalErrorOutcome {
  screen: TerminalErrorScreen;
  messageKey: MessageKey;
}

/**
 * The JS SDK has no code of its own for a reader another point of sale holds: `connectReader` with `fail_if_in_use`
 * fails with the reader's own error (`reader_error`, "the reader returned an error") whose message says so.
 * (`terminal_reader_busy` and the like belong to the server-driven API, not to the SDK.)
 */
export const isReaderInUseError = (error: TerminalError): boolean => error.code === 'reader_error' && /in use/i.test(error.message);

const isDecline = (error: TerminalError): boolean =>
  error.code === 'card_declined' ||
  Boolean(error.decline_code) ||
  error.payment_intent?.status === 'requires_payment_method';

/** A failed connect over the local network while Chrome has not allowed this page to reach the LAN. */
const blockedByBrowser = (phase: TerminalPhase, access: LocalNetworkAccess | undefined): boolean =>
  phase === 'connect' && (access === 'denied' || access === 'prompt');

export function screenForTerminalError(
  error: TerminalError,
  phase: TerminalPhase,
  localNetworkAccess?: LocalNetworkAccess,
): TerminalErrorOutcome {
  if (phase !== 'connect' && isDecline(error)) {
    return { screen: 'declined', messageKey: declineMessageKey(error.decline_code ?? error.code) };
  }
  if (phase === 'process') {
    // Not charged (still awaiting confirmation), or unknown because Stripe's answer never came (no PaymentIntent):
    // Stripe's guidance for both is to process the same PaymentIntent again before anything else. With no reader
    // connected, that must wait until the reader is back.
    if (!error.payment_intent || error.payment_intent.status === 'requires_confirmation') {
      return error.code === 'no_established_connection'
        ? { screen: 'reader_lost', messageKey: 'reader.lost' }
        : { screen: 'retry', messageKey: 'status.processing' };
    }
    return { screen: 'verify', messageKey: 'status.checking' };
  }
  if (isReaderInUseError(error)) return { screen: 'retry', messageKey: 'reader.inUse' };
  switch (error.code) {
    case 'canceled':
    case 'canceled_by_customer':
      return phase === 'collect' ? { screen: 'cancelled', messageKey: 'status.cancelled' } : { screen: 'retry', messageKey: 'error.generic' };
    case 'invalid_reader_version':
      return { screen: 'update_required', messageKey: 'reader.updateRequired' };
    case 'no_established_connection':
    case 'reader_error':
      return { screen: 'reader_lost', messageKey: 'reader.lost' };
    case 'network_error':
    case 'network_timeout':
      return blockedByBrowser(phase, localNetworkAccess)
        ? { screen: 'local_network_blocked', messageKey: 'reader.localNetworkBlocked' }
        : { screen: 'offline', messageKey: 'reader.lost' };
    case 'failed_fetch_connection_token':
      return { screen: 'credentials', messageKey: 'error.connectionToken' };
    case 'already_connected':
    case 'command_already_in_progress':
      return { screen: 'retry', messageKey: 'reader.busy' };
    case 'no_readers_found':
      return { screen: 'retry', messageKey: 'reader.notFound' };
    default:
      return { screen: 'retry', messageKey: 'error.generic' };
  }
}
