/** Every network call the kiosk makes to its worker (same origin). */
import type {
  CartLine,
  CatalogResponse,
  CreateSessionRequest,
  CompleteRequest,
  CompleteResponse,
  ConnectionTokenResponse,
  HealthResponse,
  KioskConfigResponse,
  PairRequest,
  PairResponse,
  ProgressRequest,
  SessionView,
} from '../../shared/api.ts';
import { loadToken } from './storage.ts';

/** The worker answered with its error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The worker could not be reached (offline, timeout): the outcome of a mutating call is unknown. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export const isAuthError = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 401 || error.status === 403);

const TIMEOUT_MS = 15_000;

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  token: string | null = loadToken(),
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw new NetworkError(`${method} ${path} failed: ${String(cause)}`);
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string } } | null)?.error;
    // A proxy or a dead worker answering 5xx without the envelope is as good as no connection.
    if (!error && response.status >= 500) throw new NetworkError(`${method} ${path}: HTTP ${response.status}`);
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`);
  }
  return payload as T;
}

const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers);
const get = <T>(path: string) => request<T>('GET', path);
const sessionPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

export const getHealth = () => get<HealthResponse>('/api/health');
export const getKiosk = () => get<KioskConfigResponse>('/api/kiosk');
export const getCatalog = () => get<CatalogResponse>('/api/catalog');

/** Exchanges a pairing code for this kiosk's token; sent without the token the tablet may still hold. */
export const pair = (code: string) => request<PairResponse>('POST', '/api/pair', { code } satisfies PairRequest, {}, null);

/** Connection tokens are single use: the SDK asks for a new one each time, none is ever cached. */
export const createConnectionToken = async (): Promise<string> =>
  (await post<ConnectionTokenResponse>('/api/connection-token')).secret;

export const createSession = (items: CartLine[], idempotencyKey: string) =>
  post<SessionView>('/api/sessions', { items } satisfies CreateSessionRequest, { 'Idempotency-Key': idempotencyKey });
export const getSession = (sessionId: string) => get<SessionView>(sessionPath(sessionId));
export const reportProgress = (sessionId: string, status: ProgressRequest['status']) =>
  post<SessionView>(`${sessionPath(sessionId)}/progress`, { status } satisfies ProgressRequest);
export const completeSession = (sessionId: string, paymentIntentId: string) =>
  post<CompleteResponse>(`${sessionPath(sessionId)}/complete`, { paymentIntentId } satisfies CompleteRequest);
export const cancelSession = (sessionId: string) => post<SessionView>(`${sessionPath(sessionId)}/cancel`);

/** The worker's server-driven simulated reader (simulated mode only). */
export interface SimReaderAction {
  type: string;
  status: 'in_progress' | 'succeeded' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  collect_payment_method?: {
    payment_intent: string;
    payment_method?: { card_present: { brand: string; last4: string } };
  };
  confirm_payment_intent?: { payment_intent: string };
}

export interface SimReader {
  id: string;
  label: string;
  device_type: string;
  status: 'online' | 'offline';
  location: string;
  action: SimReaderAction | null;
}

export interface SimPaymentIntent {
  id: string;
  status: string;
  amount: number;
  currency: string;
  last_payment_error: { code: string | null; decline_code: string | null; message: string | null } | null;
}

const readerPath = (readerId: string) => `/api/simulated-reader/readers/${encodeURIComponent(readerId)}`;

export const simulatedReader = {
  list: () => get<{ readers: SimReader[] }>('/api/simulated-reader/readers'),
  get: (readerId: string) => get<{ reader: SimReader }>(readerPath(readerId)),
  display: (readerId: string, cart: unknown) => post<{ reader: SimReader }>(`${readerPath(readerId)}/display`, { cart }),
  clearDisplay: (readerId: string) => post<{ reader: SimReader }>(`${readerPath(readerId)}/clear-display`),
  collect: (readerId: string, paymentIntentId: string) =>
    post<{ reader: SimReader }>(`${readerPath(readerId)}/collect`, { paymentIntentId }),
  present: (readerId: string, cardNumber: string) =>
    post<{ reader: SimReader }>(`${readerPath(readerId)}/present`, { cardNumber }),
  confirm: (readerId: string, paymentIntentId: string) =>
    post<{ reader: SimReader; paymentIntent: SimPaymentIntent }>(`${readerPath(readerId)}/confirm`, { paymentIntentId }),
  cancel: (readerId: string) => post<{ reader: SimReader }>(`${readerPath(readerId)}/cancel`),
};

export type SimulatedReaderApi = typeof simulatedReader;
