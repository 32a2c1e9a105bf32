/**
 * Every call the console makes to the worker's admin API. Same origin: the sign-in cookie (HttpOnly) goes with each
 * request by itself, and the page never holds a token.
 */
import type {
  AdminIdentity,
  AdminLoginRequest,
  AvailabilityRequest,
  AvailabilityResponse,
  CatalogEntry,
  CatalogItemRequest,
  DailySalesReport,
  KioskDirectoryEntry,
  KioskView,
  Page,
  PairingCodeResponse,
  ReaderMode,
  ReaderView,
  RefundRequest,
  RefundView,
  SessionDetail,
  SessionSummary,
  StoreFleetView,
} from '../../../shared/api.ts';
import type { SessionStatus } from '../../../shared/session-status.ts';

/** The worker answered with its error envelope, or could not be reached (status 0, code `network`). */
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

/** Told when the worker no longer knows this console (its sign-in ended or expired). */
let signedOut: () => void = () => undefined;
export const whenSignedOut = (listener: () => void) => {
  signedOut = listener;
};

const TIMEOUT_MS = 20_000;

interface RequestOptions {
  body?: unknown;
  /** A raw body (a photo) instead of JSON. */
  blob?: Blob;
  headers?: Record<string, string>;
  accept?: string;
}

async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.blob) headers['Content-Type'] = options.blob.type;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.blob ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw new ApiError(0, 'network', String(cause));
  }
  if (response.ok) return response;
  const error = ((await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
  if (response.status === 401 && !path.endsWith('/login')) signedOut();
  throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`);
}

const json = async <T>(method: string, path: string, options?: RequestOptions): Promise<T> => (await send(method, path, options)).json() as Promise<T>;
const get = <T>(path: string) => json<T>('GET', path);
const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => json<T>('POST', path, { body, headers });
const put = <T>(path: string, body: unknown) => json<T>('PUT', path, { body });
const del = <T>(path: string) => json<T>('DELETE', path);

/** A query string from the values that are set. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

// ---- sign-in ---------------------------------------------------------------------------------------------------------

export const me = () => get<AdminIdentity>('/api/admin/me');
export const login = (token: string) => post<AdminIdentity>('/api/admin/login', { token } satisfies AdminLoginRequest);
export const logout = () => post<{ signedOut: true }>('/api/admin/logout');

// ---- stores and the live fleet ---------------------------------------------------------------------------------------

/** A store as `GET /api/admin/stores` lists it (the worker's StoreSummary). */
export interface StoreSummary {
  locationId: string;
  name: string;
  country: string | null;
  kioskCount: number;
}

export const stores = async () => (await get<{ stores: StoreSummary[] }>('/api/admin/stores')).stores;
export const storeFleet = (locationId: string) => get<StoreFleetView>(`/api/admin/stores/${segment(locationId)}/fleet`);

/** The store's live view: a WebSocket on this origin (the cookie goes with the handshake). */
export function liveFleetUrl(locationId: string): string {
  const url = new URL(`/api/admin/stores/${segment(locationId)}/live`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

// ---- kiosks ----------------------------------------------------------------------------------------------------------

/** The fleet's directory, every page of it. */
export async function kiosks(): Promise<KioskDirectoryEntry[]> {
  const all: KioskDirectoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<'kiosks', KioskDirectoryEntry>>(`/api/admin/kiosks${query({ cursor, limit: 1000, order: 'asc' })}`);
    all.push(...page.kiosks);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export interface StoreAddress {
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  postal_code: string;
  country: string;
}

export interface ProvisionRequest {
  name: string;
  currency?: string;
  language?: 'en' | 'ko';
  readerMode?: ReaderMode;
  locationId?: string;
  address?: StoreAddress;
}

export type KioskSettings = Partial<Pick<KioskView, 'name' | 'language' | 'readerMode' | 'tipping' | 'sessionTimeoutSeconds'>>;

const kioskPath = (kioskId: string) => `/api/admin/kiosks/${segment(kioskId)}`;

export const kiosk = async (kioskId: string) => (await get<{ kiosk: KioskView }>(kioskPath(kioskId))).kiosk;
/** The answer's token is not kept: a tablet pairs with a code instead. */
export const provisionKiosk = async (request: ProvisionRequest) => (await post<{ kiosk: KioskView }>('/api/admin/kiosks', request)).kiosk;
export const configureKiosk = async (kioskId: string, settings: KioskSettings) =>
  (await json<{ kiosk: KioskView }>('PATCH', kioskPath(kioskId), { body: settings })).kiosk;
export const setKioskDisabled = async (kioskId: string, disabled: boolean) =>
  (await post<{ kiosk: KioskView }>(`${kioskPath(kioskId)}/${disabled ? 'disable' : 'enable'}`)).kiosk;
export const rotateKioskToken = async (kioskId: string) => (await post<{ kiosk: KioskView }>(`${kioskPath(kioskId)}/rotate`)).kiosk;
export const pairingCode = (kioskId: string) => post<PairingCodeResponse>(`${kioskPath(kioskId)}/pairing-code`);

export const readers = async (kioskId: string) => (await get<{ readers: ReaderView[] }>(`${kioskPath(kioskId)}/readers`)).readers;
export const registerReader = async (kioskId: string, registrationCode: string, label?: string) =>
  (await post<{ reader: ReaderView }>(`${kioskPath(kioskId)}/readers`, { registrationCode, ...(label ? { label } : {}) })).reader;
export const removeReader = (kioskId: string, readerId: string) => del<{ deleted: true }>(`${kioskPath(kioskId)}/readers/${segment(readerId)}`);

// ---- sessions and refunds --------------------------------------------------------------------------------------------

export interface SessionFilters {
  locationId?: string;
  kioskId?: string;
  status?: SessionStatus;
  /** Epoch ms, both from the ledger's creation times: from included, to excluded. */
  from?: number;
  to?: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const sessions = (filters: SessionFilters, cursor?: string) =>
  get<Page<'sessions', SessionSummary>>(
    `/api/admin/sessions${query({ ...filters, from: iso(filters.from), to: iso(filters.to), cursor, limit: 50 })}`,
  );

const sessionPath = (sessionId: string) => `/api/admin/sessions/${segment(sessionId)}`;

export const session = (sessionId: string) => get<SessionDetail>(sessionPath(sessionId));

/**
 * The session's row in the ledger, for what the session's own view leaves out (its charge id): found among its
 * kiosk's sessions created in the same millisecond.
 */
export async function ledgerEntry(detail: SessionDetail): Promise<SessionSummary | null> {
  const { session: view, kioskId } = detail;
  const page = await sessions({ kioskId, from: view.createdAt, to: view.createdAt + 1 });
  return page.sessions.find((s) => s.sessionId === view.sessionId) ?? null;
}

export const refund = async (sessionId: string, request: RefundRequest, idempotencyKey: string) =>
  (await post<{ refund: RefundView }>(`${sessionPath(sessionId)}/refunds`, request, { 'Idempotency-Key': idempotencyKey })).refund;
export const cancelSession = (sessionId: string) => post<unknown>(`${sessionPath(sessionId)}/cancel`);

// ---- the menu --------------------------------------------------------------------------------------------------------

const itemPath = (itemId: string) => `/api/admin/catalog/items/${segment(itemId)}`;

export const catalog = async () => (await get<{ items: CatalogEntry[] }>('/api/admin/catalog')).items;
export const saveItem = async (itemId: string, item: CatalogItemRequest) => (await put<{ item: CatalogEntry }>(itemPath(itemId), item)).item;
export const deleteItem = (itemId: string) => del<{ deleted: true }>(itemPath(itemId));
export const uploadPhoto = async (itemId: string, photo: Blob) =>
  (await json<{ item: CatalogEntry }>('PUT', `${itemPath(itemId)}/photo`, { blob: photo })).item;
export const removePhoto = async (itemId: string) => (await del<{ item: CatalogEntry }>(`${itemPath(itemId)}/photo`)).item;
export const setAvailability = (locationId: string, itemId: string, available: boolean) =>
  put<AvailabilityResponse>(`/api/admin/locations/${segment(locationId)}/items/${segment(itemId)}/availability`, {
    available,
  } satisfies AvailabilityRequest);

// ---- sales -----------------------------------------------------------------------------------------------------------

export interface SalesQuery {
  /** YYYY-MM-DD (UTC), both days included. */
  from: string;
  to: string;
  location?: string;
}

const salesPath = (q: SalesQuery) => `/api/admin/reports/daily${query({ from: q.from, to: q.to, location: q.location })}`;

export const dailySales = (q: SalesQuery) => get<DailySalesReport>(salesPath(q));

/** The same report as CSV, with the file name the worker gives it. */
export async function dailySalesCsv(q: SalesQuery): Promise<{ csv: Blob; filename: string }> {
  const response = await send('GET', salesPath(q), { accept: 'text/csv' });
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'sales.csv';
  return { csv: await response.blob(), filename };
}
