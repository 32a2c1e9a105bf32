/**
 * Every network call the kiosk makes to its worker (same origin). Paths, bodies and answers are the worker's own
 * routes, through Hono's typed client (`hc<AppType>`): a route that changes shape breaks the kiosk's type-check.
 */
import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { CreateSessionRequest, HeartbeatRequest, ProgressRequest, SessionView } from '../../shared/api.ts';
// Types only, erased from the bundle. They come from the worker's emitted declarations (pwa/tsconfig.json explains).
import type { AppType } from '../../worker/index.ts';
import { ApiError } from './api-error.ts';
export { ApiError };
import { learnServerTime } from './server-clock.ts';
import { loadToken, saveToken } from './storage.ts';

/** The worker could not be reached (offline, timeout): the outcome of a mutating call is unknown. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export const isAuthError = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 401 || error.status === 403);

const TIMEOUT_MS = 15_000;

/** Sends a request with this token (if any), past any cache, within the timeout. */
async function sendAs(token: string | null, input: RequestInfo | URL, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  const sentAt = Date.now();
  try {
    response = await fetch(input, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (cause) {
    throw new NetworkError(`${init.method ?? 'GET'} ${String(input)} failed: ${String(cause)}`);
  }
  learnServerTime(response.headers.get('Date'), sentAt, Date.now());
  // A token from before tokens named their kiosk: the worker hands the same secret back in its new form, once.
  const upgraded = response.headers.get('Kiosk-Token');
  if (upgraded && token && loadToken() === token) saveToken(upgraded);
  return response;
}

const clientSending = (token: () => string | null) =>
  hc<AppType>('/', { fetch: (input: RequestInfo | URL, init?: RequestInit) => sendAs(token(), input, init ?? {}) }).api;
/** Every call carries the kiosk's token, read when it is sent: pairing or an upgrade may have just replaced it. */
const api = clientSending(loadToken);
const withoutToken = clientSending(() => null);

const errorIn = (payload: unknown): { code?: unknown; message?: unknown; sessionId?: unknown } | null =>
  typeof payload === 'object' && payload !== null && 'error' in payload && typeof payload.error === 'object' ? payload.error : null;

/** The answer of a successful call; the worker's error envelope becomes an ApiError. */
async function answer<T>(pending: Promise<ClientResponse<T, number, 'json'>>): Promise<T> {
  const response = await pending;
  if (response.ok) return response.json();
  const error = errorIn(await response.json().catch(() => null));
  // A proxy or a dead worker answering 5xx without the envelope is as good as no connection.
  if (!error && response.status >= 500) throw new NetworkError(`${response.url}: HTTP ${response.status}`);
  const code = typeof error?.code === 'string' ? error.code : 'http_error';
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
  const sessionId = typeof error?.sessionId === 'string' ? error.sessionId : null;
  throw new ApiError(response.status, code, message, sessionId, Number(response.headers.get('Retry-After')) || null);
}

/** Path parameters go into the URL as they are: the typed client leaves the encoding to us. */
const session = (sessionId: string) => ({ param: { id: encodeURIComponent(sessionId) } });
const reader = (readerId: string) => ({ param: { readerId: encodeURIComponent(readerId) } });
const sessions = api.sessions[':id'];
const readers = api['simulated-reader'].readers[':readerId'];

export const getHealth = () => answer(api.health.$get());
export const getKiosk = () => answer(api.kiosk.$get());
export const getCatalog = () => answer(api.catalog.$get());
/** The kiosk's sign of life, with its reader's link in SDK mode; answers with its configuration. */
export const sendHeartbeat = (reader: HeartbeatRequest['reader'] | null) =>
  answer(api.kiosk.heartbeat.$post({ json: reader ? { reader } : {} }));

/** Exchanges a pairing code for this kiosk's token; sent without the token the tablet may still hold. */
export const pair = (code: string) => answer(withoutToken.pair.$post({ json: { code } }));

/** Connection tokens are single use: the SDK asks for a new one each time, none is ever cached. */
export const createConnectionToken = async (): Promise<string> => (await answer(api['connection-token'].$post())).secret;

/** In server-driven mode this also hands the payment to the kiosk's reader. */
export const createSession = (order: CreateSessionRequest, idempotencyKey: string) =>
  answer(api.sessions.$post({ json: order }, { headers: { 'Idempotency-Key': idempotencyKey } }));
export const getSession = (sessionId: string) => answer(sessions.$get(session(sessionId)));
export const reportProgress = (sessionId: string, status: ProgressRequest['status']) =>
  answer(sessions.progress.$post({ ...session(sessionId), json: { status } }));
export const completeSession = (sessionId: string, paymentIntentId: string) =>
  answer(sessions.complete.$post({ ...session(sessionId), json: { paymentIntentId } }));
/** Server-driven mode: cancels the reader's action too. */
export const cancelSession = (sessionId: string) => answer(sessions.cancel.$post(session(sessionId)));
/** Server-driven mode, after a decline: the same PaymentIntent goes back to the reader for another card. */
export const retrySession = (sessionId: string) => answer(sessions.retry.$post(session(sessionId)));

/**
 * Opens the session's live channel: its view now, then at every change, closed after a final one. Browsers cannot send
 * the token on a WebSocket, so a one-time ticket (valid for 30 s) is fetched first and rides in the URL.
 */
export async function openLiveChannel(sessionId: string): Promise<WebSocket> {
  const { url } = await answer(sessions.live.$post(session(sessionId)));
  return new WebSocket(url);
}

/** A live channel message: the session's view (the JSON of GET /api/sessions/:id); null for anything else ('pong'). */
export function liveMessage(data: unknown): SessionView | null {
  if (typeof data !== 'string' || !data.startsWith('{')) return null;
  try {
    const view: unknown = JSON.parse(data);
    return typeof view === 'object' && view !== null && 'sessionId' in view && 'status' in view ? (view as SessionView) : null;
  } catch {
    return null;
  }
}

/** The worker's simulated reader (simulated mode only): Stripe's server-driven reader API against the simulator. */
export const simulatedReader = {
  list: () => answer(api['simulated-reader'].readers.$get()),
  get: (readerId: string) => answer(readers.$get(reader(readerId))),
  display: (readerId: string, cart: ReaderCart) => answer(readers.display.$post({ ...reader(readerId), json: { cart } })),
  clearDisplay: (readerId: string) => answer(readers['clear-display'].$post(reader(readerId))),
  collect: (readerId: string, paymentIntentId: string) =>
    answer(readers.collect.$post({ ...reader(readerId), json: { paymentIntentId } })),
  /** Stripe's `present_payment_method` test helper: the customer's card at the reader. */
  present: (readerId: string, cardNumber: string) => answer(readers.present.$post({ ...reader(readerId), json: { cardNumber } })),
  confirm: (readerId: string, paymentIntentId: string) =>
    answer(readers.confirm.$post({ ...reader(readerId), json: { paymentIntentId } })),
  cancel: (readerId: string) => answer(readers.cancel.$post(reader(readerId))),
};

export type SimulatedReaderApi = typeof simulatedReader;
type ReaderCart = Parameters<typeof readers.display.$post>[0]['json']['cart'];
type ReaderAnswer = InferResponseType<typeof readers.$get>['reader'];
/** A reader as the simulated-reader routes send it. */
export type SimReader = Exclude<ReaderAnswer, { deleted: true }>;
/** What reading a reader deleted at Stripe gives. */
export type DeletedSimReader = Extract<ReaderAnswer, { deleted: true }>;
export type SimReaderAction = NonNullable<SimReader['action']>;
export type SimPaymentIntent = InferResponseType<typeof readers.confirm.$post>['paymentIntent'];
