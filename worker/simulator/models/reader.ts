import { invalidRequest, resourceMissing, type StripeApiError } from '../http/stripe-error.ts';
import type { SimulatorState } from '../simulator-state.ts';
import type { StripeObject } from '../stores/object-store.ts';

export type ReaderActionType =
  | 'process_payment_intent'
  | 'collect_payment_method'
  | 'confirm_payment_intent'
  | 'process_setup_intent'
  | 'refund_payment'
  | 'collect_inputs'
  | 'set_reader_display';

export interface ReaderAction {
  type: ReaderActionType;
  status: 'in_progress' | 'succeeded' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  /** The API error behind a failure (e.g. a decline); null when the reader itself failed or nothing failed. */
  api_error: Record<string, unknown> | null;
  [detail: string]: unknown;
}

export type ActionFailure = Pick<ReaderAction, 'failure_code' | 'failure_message' | 'api_error'>;

/** Stripe's reader device types, as the pinned SDK lists them (Terminal/Readers.d.ts, ReaderListParams.DeviceType). */
export const READER_DEVICE_TYPES = [
  'bbpos_chipper2x',
  'bbpos_wisepad3',
  'bbpos_wisepos_e',
  'mobile_phone_reader',
  'simulated_stripe_s700',
  'simulated_stripe_s710',
  'simulated_stripe_t600',
  'simulated_verifone_m425',
  'simulated_verifone_p630',
  'simulated_verifone_ux700',
  'simulated_verifone_v660p',
  'simulated_wisepos_e',
  'stripe_m2',
  'stripe_s700',
  'stripe_s710',
  'stripe_t600',
  'verifone_P400',
  'verifone_m425',
  'verifone_p630',
  'verifone_ux700',
  'verifone_v660p',
] as const;

export interface Reader extends StripeObject {
  object: 'terminal.reader';
  action: ReaderAction | null;
  device_type: string;
  last_seen_at: number | null;
  location: string | null;
  status: 'online' | 'offline';
}

/**
 * The reader as Stripe reports it now. An online reader checks in all the time: it was last seen now (an offline
 * one keeps its last time). A cart it was asked to show is on screen by the time anyone looks again.
 */
export function findReader(sim: SimulatorState, id: string): Reader {
  const stored = sim.store.get<Reader>('terminal.reader', id);
  if (!stored) throw resourceMissing('reader', 'terminal.reader', id);
  const reader = stored.status === 'online' ? { ...stored, last_seen_at: sim.nowMs() } : stored;
  const action = reader.action;
  if (reader.status === 'online' && action?.type === 'set_reader_display' && action.status === 'in_progress') {
    return finishAction(sim, reader, null);
  }
  return reader;
}

/**
 * A failed API call as a reader action reports it: the error's code and message, and the error itself with a link to
 * the request's log ("api_error contains the error type, code, message, decline_code, doc_url, request_log_url, and
 * param": the 2026-05-27.dahlia changelog).
 */
export function failureOf(sim: SimulatorState, error: StripeApiError): ActionFailure {
  const { payment_intent: _pi, payment_method: _pm, ...apiError } = error.toJSON(sim.requestLogUrl()).error;
  return { failure_code: (error.body.code as string | undefined) ?? null, failure_message: error.message, api_error: apiError };
}

/** A reader can take a new action only when it is online and idle or its last action finished. */
export function assertReaderReady(reader: Reader): void {
  if (reader.status === 'offline') {
    throw invalidRequest(
      'terminal_reader_offline',
      'Reader is currently offline, please ensure the reader is powered on and connected to the internet before retrying your request.',
    );
  }
  if (reader.action?.status === 'in_progress') {
    throw invalidRequest(
      'terminal_reader_busy',
      'Reader is currently busy processing another request. Please reference the integration guide for more details: https://docs.stripe.com/terminal/payments/collect-card-payment',
    );
  }
}

/** Stripe's refusal of an action on an intent in the wrong state; the reader is left as it was. */
export const intentInvalidState = (message: string) => invalidRequest('intent_invalid_state', message);

export function startAction(sim: SimulatorState, reader: Reader, action: Omit<ReaderAction, keyof ActionFailure | 'status'>): Reader {
  const updated: Reader = {
    ...reader,
    action: { ...action, status: 'in_progress', failure_code: null, failure_message: null, api_error: null } as ReaderAction,
  };
  sim.store.put(updated);
  return updated;
}

/** Finishes the reader's action and tells the webhook endpoints, as Stripe's server-driven integration does. */
export function finishAction(sim: SimulatorState, reader: Reader, failure: ActionFailure | null): Reader {
  const action: ReaderAction = failure
    ? { ...reader.action!, status: 'failed', ...failure }
    : { ...reader.action!, status: 'succeeded' };
  const updated: Reader = { ...reader, action };
  sim.store.put(updated);
  sim.emit(failure ? 'terminal.reader.action_failed' : 'terminal.reader.action_succeeded', updated);
  return updated;
}

/** The in-progress action's detail hash (e.g. `process_payment_intent`), or null if the reader is not in one of these. */
export function actionInProgress(reader: Reader, types: readonly ReaderActionType[]): ReaderAction | null {
  const action = reader.action;
  return action?.status === 'in_progress' && types.includes(action.type) ? action : null;
}
