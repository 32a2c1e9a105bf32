/**
 * Every call the console makes to the worker's admin API, through Hono's typed client (`hc<AppType>`, as the kiosk's
 * calls go): a route that changes shape breaks the console's type-check. Same origin: the sign-in cookie (HttpOnly)
 * goes with each request by itself, and the page never holds a token.
 */
import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { InPersonRefundRequest, RefundRequest } from '../../../shared/api.ts';
import type { SessionStatus } from '../../../shared/session-status.ts';
// Types only, erased from the bundle (pwa/tsconfig.json explains where they come from).
import type { AppType } from '../../../worker/index.ts';
// The console also raises it for a worker it could not reach: status 0, code `network`.
import { ApiError, isRefusal } from '../api-error.ts';
export { ApiError, isRefusal };


/** Told when the worker no longer knows this console (its sign-in ended or expired). */
let signedOut: () => void = () => undefined;
export const whenSignedOut = (listener: () => void) => {
  signedOut = listener;
};

const TIMEOUT_MS = 20_000;

async function send(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  try {
    return await fetch(input, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (cause) {
    throw new ApiError(0, 'network', String(cause));
  }
}

const admin = hc<AppType>('/', { fetch: send }).api.admin;

type Answer = ClientResponse<unknown, number, string>;
type JsonOf<R> = R extends ClientResponse<infer T, number, 'json'> ? T : never;

/** A successful answer's response; the worker's error envelope becomes an ApiError (a 401 signs the console out). */
async function ok<R extends Answer>(pending: Promise<R>, signsIn = false): Promise<R> {
  const response = await pending;
  if (response.ok) return response;
  const error = ((await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
  if (response.status === 401 && !signsIn) signedOut();
  throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`);
}

/** A successful answer's JSON, typed as the route answers it. */
const answer = async <R extends Answer>(pending: Promise<R>, signsIn = false): Promise<JsonOf<R>> =>
  (await ok(pending, signsIn)).json() as Promise<JsonOf<R>>;

/** Path parameters go into the URL as they are: the typed client leaves the encoding to us. */
const encoded = <P extends Record<string, string>>(param: P): P =>
  Object.fromEntries(Object.entries(param).map(([name, value]) => [name, encodeURIComponent(value)])) as P;

// ---- sign-in ---------------------------------------------------------------------------------------------------------

export const me = () => answer(admin.me.$get());
export const login = (token: string) => answer(admin.login.$post({ json: { token } }), true);
export const logout = () => answer(admin.logout.$post());

// ---- the Stripe account ---------------------------------------------------------------------------------------------

/** Where the account takes in-person payments: its `currency` is the only one items may be priced in. */
export const account = () => answer(admin.account.$get());

// ---- stores and the live fleet ---------------------------------------------------------------------------------------

export type StoreSummary = InferResponseType<typeof admin.stores.$get, 200>['stores'][number];

export const stores = async () => (await answer(admin.stores.$get())).stores;

/** The store's live view: a WebSocket on this origin (the cookie goes with the handshake). */
export function liveFleetUrl(locationId: string): string {
  const url = new URL(`/api/admin/stores/${encodeURIComponent(locationId)}/live`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

// ---- kiosks ----------------------------------------------------------------------------------------------------------

const kioskRoutes = admin.kiosks[':id'];
const ofKiosk = (kioskId: string) => ({ param: encoded({ id: kioskId }) });

/** The fleet's directory, every page of it. */
export async function kiosks() {
  const all: InferResponseType<typeof admin.kiosks.$get, 200>['kiosks'] = [];
  let cursor: string | undefined;
  do {
    const page = await answer(admin.kiosks.$get({ query: { cursor, limit: '1000', order: 'asc' } }));
    all.push(...page.kiosks);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export type ProvisionRequest = Parameters<typeof admin.kiosks.$post>[0]['json'];
export type StoreAddress = NonNullable<ProvisionRequest['address']>;
export type KioskSettings = Parameters<typeof kioskRoutes.$patch>[0]['json'];

export const kiosk = async (kioskId: string) => (await answer(kioskRoutes.$get(ofKiosk(kioskId)))).kiosk;
/** The answer's token is not kept: a tablet pairs with a code instead. */
export const provisionKiosk = async (request: ProvisionRequest) => (await answer(admin.kiosks.$post({ json: request }))).kiosk;
export const configureKiosk = async (kioskId: string, settings: KioskSettings) =>
  (await answer(kioskRoutes.$patch({ ...ofKiosk(kioskId), json: settings }))).kiosk;
export const setKioskDisabled = async (kioskId: string, disabled: boolean) =>
  (await answer((disabled ? kioskRoutes.disable : kioskRoutes.enable).$post(ofKiosk(kioskId)))).kiosk;
export const rotateKioskToken = async (kioskId: string) => (await answer(kioskRoutes.rotate.$post(ofKiosk(kioskId)))).kiosk;
export const pairingCode = (kioskId: string) => answer(kioskRoutes['pairing-code'].$post(ofKiosk(kioskId)));

export const readers = async (kioskId: string) => (await answer(kioskRoutes.readers.$get(ofKiosk(kioskId)))).readers;
export const registerReader = async (kioskId: string, registrationCode: string, label?: string) =>
  (await answer(kioskRoutes.readers.$post({ ...ofKiosk(kioskId), json: { registrationCode, ...(label ? { label } : {}) } }))).reader;
export const removeReader = (kioskId: string, readerId: string) =>
  answer(kioskRoutes.readers[':readerId'].$delete({ param: encoded({ id: kioskId, readerId }) }));

// ---- sessions and refunds --------------------------------------------------------------------------------------------

export interface SessionFilters {
  locationId?: string;
  kioskId?: string;
  status?: SessionStatus;
  /** A staff reference (`sessionReference`): the sessions whose id ends with it. */
  reference?: string;
  /** Epoch ms, both from the ledger's creation times: from included, to excluded. */
  from?: number;
  to?: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const sessions = (filters: SessionFilters, cursor?: string) =>
  answer(admin.sessions.$get({ query: { ...filters, from: iso(filters.from), to: iso(filters.to), cursor, limit: '50' } }));

const sessionRoutes = admin.sessions[':id'];
const ofSession = (sessionId: string) => ({ param: encoded({ id: sessionId }) });

export const session = (sessionId: string) => answer(sessionRoutes.$get(ofSession(sessionId)));
export type SessionDetail = Awaited<ReturnType<typeof session>>;

export const refund = async (sessionId: string, request: RefundRequest, idempotencyKey: string) =>
  (await answer(sessionRoutes.refunds.$post({ ...ofSession(sessionId), json: request }, { headers: { 'Idempotency-Key': idempotencyKey } }))).refund;
export const refundInPerson = async (sessionId: string, request: InPersonRefundRequest, idempotencyKey: string) =>
  (await answer(sessionRoutes.refunds['in-person'].$post({ ...ofSession(sessionId), json: request }, { headers: { 'Idempotency-Key': idempotencyKey } })))
    .inPersonRefund;
export const cancelInPersonRefund = async (sessionId: string) =>
  (await answer(sessionRoutes.refunds['in-person'].cancel.$post(ofSession(sessionId)))).inPersonRefund;
export const cancelSession = (sessionId: string) => answer(sessionRoutes.cancel.$post(ofSession(sessionId)));
export const markSessionHandled = (sessionId: string) => answer(sessionRoutes.handled.$post(ofSession(sessionId)));

// ---- the menu --------------------------------------------------------------------------------------------------------

const itemRoutes = admin.catalog.items[':id'];
const ofItem = (itemId: string) => ({ param: encoded({ id: itemId }) });

export type CatalogItemRequest = Parameters<typeof itemRoutes.$put>[0]['json'];
type CategoryNamesRequest = Parameters<typeof admin.catalog.categories[':id']['$put']>[0]['json'];

/** The items, and the names operators gave their categories. */
export const menu = () => answer(admin.catalog.$get());
export const saveCategory = async (id: string, name: CategoryNamesRequest['name']) =>
  (await answer(admin.catalog.categories[':id'].$put({ param: encoded({ id }), json: { name } }))).category;
export const forgetCategory = (id: string) => answer(admin.catalog.categories[':id'].$delete({ param: encoded({ id }) }));
export const saveItem = async (itemId: string, item: CatalogItemRequest) => (await answer(itemRoutes.$put({ ...ofItem(itemId), json: item }))).item;
export const deleteItem = (itemId: string) => answer(itemRoutes.$delete(ofItem(itemId)));
/** The image itself is the body, with its own Content-Type. */
export const uploadPhoto = async (itemId: string, photo: Blob) =>
  (await answer(itemRoutes.photo.$put(ofItem(itemId), { init: { body: photo, headers: { 'Content-Type': photo.type } } }))).item;
export const removePhoto = async (itemId: string) => (await answer(itemRoutes.photo.$delete(ofItem(itemId)))).item;
export const setAvailability = (locationId: string, itemId: string, available: boolean) =>
  answer(
    admin.locations[':locationId'].items[':id'].availability.$put({ param: encoded({ locationId, id: itemId }), json: { available } }),
  );

// ---- sales -----------------------------------------------------------------------------------------------------------

export interface SalesQuery {
  /** YYYY-MM-DD (each store's own days), both days included. */
  from: string;
  to: string;
  location?: string;
}

const salesRequest = (q: SalesQuery, accept: string) => admin.reports.daily.$get({ query: q }, { headers: { Accept: accept } });

export const dailySales = (q: SalesQuery) => answer(salesRequest(q, 'application/json'));

/** The same report as CSV, with the file name the worker gives it. */
export async function dailySalesCsv(q: SalesQuery): Promise<{ csv: Blob; filename: string }> {
  const response = await ok(salesRequest(q, 'text/csv'));
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'sales.csv';
  return { csv: await response.blob(), filename };
}
