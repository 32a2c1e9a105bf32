/** The kiosk API contract: what the worker answers and the PWA reads. */
import type { SessionStatus, CancellationReason } from './session-status.ts';

export type StripeMode = 'simulated' | 'test' | 'live';

export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /**
     * The checkout the refusal is about, where one was opened and ended because of it (a reader that could not take
     * the payment): the kiosk shows its reference, and staff find it in the console.
     */
    sessionId?: string;
  };
}

export interface HealthResponse {
  ok: true;
  mode: StripeMode;
}

/** An item priced in one currency: what a checkout's lines record (with their quantity). */
export interface CatalogItem {
  id: string;
  /** The English name. */
  name: string;
  /** In the currency's smallest unit. */
  price: number;
}

/** The languages kiosks speak and the menu is named in. A new language is one more entry here. */
export const LANGUAGES = ['en', 'ko', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A name in every language the operator gave: English always, the others where given. */
export type ItemNames = { en: string } & Partial<Record<Exclude<Language, 'en'>, string>>;

/** One choice of an option group on a kiosk's menu, priced in the kiosk's currency. */
export interface KioskOption {
  /** Unique within its item. */
  id: string;
  /** The English name. */
  name: string;
  names: ItemNames;
  /** Added to the item's price when chosen (0, or negative for a cheaper choice), in the smallest unit. */
  priceChange: number;
  /** Chosen unless the customer chooses otherwise (a cart line without `options` gets its item's defaults). */
  default: boolean;
}

/**
 * Choices a customer makes for an item (size, hot or iced, milk, extras): at least `min` and at most `max` of its
 * options. A group with `min` 0 is optional.
 */
export interface KioskOptionGroup {
  id: string;
  name: string;
  names: ItemNames;
  min: number;
  max: number;
  options: KioskOption[];
}

/** An item of a kiosk's menu (`GET /api/catalog`). */
export interface KioskCatalogItem extends CatalogItem {
  category: string;
  names: ItemNames;
  /** `/photos/<sha-256>`: public, and cacheable for good (a new photo is a new URL); null without a photo. */
  photoUrl: string | null;
  /** False: sold out at this kiosk's store (or everywhere). It is shown, but cannot be ordered. */
  available: boolean;
  /** Empty for an item without choices. */
  optionGroups: KioskOptionGroup[];
}

/** A kiosk's menu: the fleet catalog's items priced in the kiosk's currency, with its store's availability. */
/** A category of a kiosk's menu that an operator named: `name` in English, `names` in each language given. */
export interface KioskCategory {
  id: string;
  name: string;
  names: ItemNames;
}

export interface CatalogResponse {
  currency: string;
  items: KioskCatalogItem[];
  /** The named categories among the items' (in no particular order); a category not listed is shown as its slug reads. */
  categories: KioskCategory[];
}

/**
 * How a kiosk drives its reader. `server-driven` (the default, Stripe's advice for smart readers): the server hands
 * each payment to the reader through Stripe's API and the tablet only follows the session. `js-sdk`: the tablet
 * drives the reader over the shop's network with Stripe's Terminal JS SDK.
 */
export const READER_MODES = ['server-driven', 'js-sdk'] as const;
export type ReaderMode = (typeof READER_MODES)[number];

/** The most of one line (an item with its options) an order may hold: the worker refuses more, the kiosk offers no more. */
export const MAX_QUANTITY = 99;

/** Where the customer eats: asked only by kiosks whose operator turned it on (`askServiceMode`). */
export const SERVICE_MODES = ['dine_in', 'take_away'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export interface KioskConfigResponse {
  kioskId: string;
  name: string;
  mode: StripeMode;
  currency: string;
  /** The language each new customer starts in: one of `languages`. */
  language: Language;
  /** The languages this kiosk offers its customers. */
  languages: Language[];
  /** The store's time zone (IANA): its day is the day order numbers restart. */
  timeZone: string;
  /** The customer chooses dine-in or take-away; a new session then must say which (`serviceMode`). */
  askServiceMode: boolean;
  /** The Stripe Terminal Location whose readers this kiosk may use. */
  locationId: string;
  readerMode: ReaderMode;
  /** The kiosk's own reader, or null until an operator registers one. */
  readerId: string | null;
}

/** A kiosk as operators see it (the admin API): never its token. */
export interface KioskView {
  id: string;
  name: string;
  locationId: string;
  currency: string;
  language: Language;
  languages: Language[];
  timeZone: string;
  askServiceMode: boolean;
  readerMode: ReaderMode;
  readerId: string | null;
  /** Customers may add a tip on the reader (Stripe's Terminal configuration for the kiosk's Location). */
  tipping: boolean;
  sessionTimeoutSeconds: number;
  disabled: boolean;
  createdAt: number;
  tokenRotatedAt: number;
}

/** A reader as operators see it. */
export interface ReaderView {
  id: string;
  label: string | null;
  deviceType: string;
  status: 'online' | 'offline' | null;
}

export interface CartLine {
  id: string;
  quantity: number;
  /** The chosen options' ids (from the item's `optionGroups`); none for an item without choices. */
  options?: string[];
}

export interface CreateSessionRequest {
  items: CartLine[];
  /** Required when the kiosk asks for it (`askServiceMode`), refused otherwise. */
  serviceMode?: ServiceMode;
}

/** An option chosen for a line of a session, as it was when the session was priced. */
export interface ChosenOption {
  id: string;
  groupId: string;
  /** The English name. */
  name: string;
  names: ItemNames;
  priceChange: number;
}

/** A line of a session: the item with its chosen options; `price` is the unit price with the options. */
export interface SessionLine extends CatalogItem {
  quantity: number;
  names: ItemNames;
  options: ChosenOption[];
}

export interface Receipt {
  brand: string;
  last4: string;
  receiptUrl: string | null;
}

/** The one-time address of a session's live channel (a WebSocket; the ticket in it is valid for 30 seconds). */
export interface LiveChannelResponse {
  url: string;
}

/** A refund of a session's payment, as Stripe reports it. */
export interface RefundView {
  id: string;
  /** In the currency's smallest unit. */
  amount: number;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  reason: string | null;
}

/** Stripe's reasons for a refund. */
export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;

/** An operator's refund: all that is left of the payment, or part of it. */
export interface RefundRequest {
  amount?: number;
  reason?: (typeof REFUND_REASONS)[number];
}

/**
 * An operator's in-person refund (Interac, which Stripe refunds only with the card presented at a reader): all that is
 * left or `amount` of it, at `readerId` (a reader of the session's Location; default the kiosk's server-driven reader).
 */
export interface InPersonRefundRequest {
  amount?: number;
  readerId?: string;
}

/** An in-person refund's `failureCode` when an operator cancelled it at the reader (ours: Stripe's reader only resets). */
export const OPERATOR_CANCELED = 'operator_canceled';

/**
 * An in-person refund's `failureCode` when its reader moved on before the card was presented (reset, or the kiosk's
 * next payment took it) and Stripe lists no refund it made (ours: Stripe's reader keeps no failure of its own for it).
 */
export const READER_MOVED_ON = 'reader_moved_on';

/**
 * The last in-person refund an operator started for a session: waiting for the customer's card at the reader
 * (`in_progress`), done (`succeeded`, its refund among the session's refunds), or not (`failed`: the reader's
 * `failureCode`, e.g. `customer_canceled`, `operator_canceled` when an operator cancelled it, or `reader_moved_on`).
 */
export interface InPersonRefundView {
  readerId: string;
  amount: number;
  status: 'in_progress' | 'succeeded' | 'failed';
  refundId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  startedAt: number;
}

export interface SessionView {
  sessionId: string;
  paymentIntentId: string;
  /** For the JS SDK to collect the card; empty in server-driven mode, where the tablet never touches the payment. */
  clientSecret: string;
  /** The order's total, as priced by the server (in the currency's smallest unit); a tip comes on top. */
  amount: number;
  /** What the customer added on the reader (0 without tipping). */
  tip: number;
  currency: string;
  readerMode: ReaderMode;
  status: SessionStatus;
  items: SessionLine[];
  /** Dine-in or take-away, where the kiosk asks; null where it does not. */
  serviceMode: ServiceMode | null;
  /**
   * The order's number at its store (1 to 999, restarting every day in the store's time zone), given once the session
   * is paid. Null before, and for a moment after payment if the store could not be reached (it follows, on the live
   * channel too).
   */
  orderNumber: number | null;
  /** When it was paid (epoch ms), else null. */
  paidAt: number | null;
  declineCode?: string;
  cancellationReason?: CancellationReason;
  attentionReason?: string;
  receipt?: Receipt;
  /** How much of the payment went back to the customer, and each refund. */
  refunded: number;
  refunds: RefundView[];
  /** While the session is open: when the server settles it unless the kiosk reports progress first (epoch ms). */
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface CompleteRequest {
  paymentIntentId: string;
}

export interface CompleteResponse {
  success: boolean;
  status: SessionStatus;
  declineCode?: string;
  receipt?: Receipt;
  /** On success: the order's number (null while it is being given; the session's view gets it). */
  orderNumber?: number | null;
}

/**
 * Progress the kiosk reports while it drives the reader (a hint that keeps an active session from expiring). `failed`:
 * after a decline the customer is still there, looking for another card; the session stays as it is, alive.
 */
export interface ProgressRequest {
  status: 'connecting' | 'waiting_card' | 'processing' | 'failed';
}

export interface ConnectionTokenResponse {
  secret: string;
}

/** Who or what changed a session: the kiosk, a Stripe webhook (its event id), the session's own alarm, an operator. */
export type ChangeCause = { by: 'kiosk' } | { by: 'webhook'; eventId: string } | { by: 'alarm' } | { by: 'operator' };

/** One status change of a session, for the operator's timeline. */
export type TimelineEntry = { at: number; status: SessionStatus } & ChangeCause;

/** A session as operators see it: the kiosk's view, its kiosk, and the timeline of its status changes. */
export interface SessionDetail {
  kioskId: string;
  session: SessionView;
  /** The Stripe charge that paid it, else null. */
  chargeId: string | null;
  timeline: TimelineEntry[];
  /** When an operator marked a session that needed one as handled (it then leaves the live fleet's flags), else null. */
  handledAt: number | null;
  /** Its store's time zone (IANA), the kiosk's when the session opened: the day its order number and takings count on. */
  timeZone: string;
  /** The payment method type the card was charged with (`card_present`, `interac_present`: refunded in person only), else null. */
  paidWith: string | null;
  /** The last in-person refund an operator started at a reader, else null. */
  inPersonRefund: InPersonRefundView | null;
  /**
   * What can still go back to the customer, in the smallest unit: of its payment (order and tip), or of money it took
   * but must not keep (`requires_attention`: paid after a cancel, or another amount than its order); else 0.
   */
  refundable: number;
}

/** A session as the fleet's ledger records it (the admin list); the session's own object has the full view. */
export interface SessionSummary {
  sessionId: string;
  kioskId: string;
  locationId: string;
  /** The order's total; the card was charged `amount + tip`. */
  amount: number;
  /** What the customer added on the reader (0 without tipping). */
  tip: number;
  currency: string;
  status: SessionStatus;
  paymentIntentId: string | null;
  chargeId: string | null;
  refunded: number;
  orderNumber: number | null;
  serviceMode: ServiceMode | null;
  cancellationReason: CancellationReason | null;
  attentionReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A page of a ledger list; `nextCursor` fetches the next page (null on the last). */
export type Page<Key extends string, Item> = { [K in Key]: Item[] } & { nextCursor: string | null };

/** A kiosk as the fleet's directory records it (the admin list). */
export interface KioskDirectoryEntry {
  id: string;
  name: string;
  locationId: string;
  currency: string;
  language: Language;
  readerId: string | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/**
 * How far the upgrade from the pre-fleet registry has got (`POST /api/admin/migrations/legacy-registry`, one bounded
 * step per call): kiosks adopted and sessions entered in the ledger so far, what is left, and whether it is finished.
 */
export interface LegacyMigrationProgress {
  kiosks: number;
  sessions: number;
  remaining: { kiosks: number; sessions: number };
  done: boolean;
}

/** One kiosk of a store, as the console's live fleet shows it. */
export interface FleetKiosk {
  kioskId: string;
  name: string;
  /** Seen recently (it checks in every half minute while it runs). */
  online: boolean;
  lastSeenAt: number | null;
  disabled: boolean;
  readerId: string | null;
  readerStatus: 'online' | 'offline' | null;
  /** Its latest session: what it is doing now, or how its last customer's payment ended. */
  session: { sessionId: string; status: SessionStatus; amount: number; currency: string; orderNumber: number | null } | null;
  /** Paid today (UTC), net of refunds, per currency. */
  takingsToday: { currency: string; amount: number }[];
  /** What needs a person: the kiosk dropped offline, a session needs an operator, the reader is offline. */
  flags: Array<'offline' | 'requires_attention' | 'reader_offline'>;
}

/** A store (Terminal Location) live: what `GET /api/admin/stores/:locationId/live` sends at once and at every change. */
export interface StoreFleetView {
  locationId: string;
  kiosks: FleetKiosk[];
  generatedAt: number;
}

/** The kiosk's sign of life (every half minute), with what the tablet knows of its reader. */
export interface HeartbeatRequest {
  reader?: 'connected' | 'disconnected';
}

/** Pairing a tablet: the code the console shows, typed on the tablet or scanned from its QR code. */
export interface PairRequest {
  code: string;
}

/** A fresh token for the kiosk: the tablet that had it before is signed out. */
export interface PairResponse {
  kioskId: string;
  token: string;
}

/** How long a pairing code pairs a tablet, from when it is given. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;

/** `POST /api/admin/kiosks/:id/pairing-code`. */
export interface PairingCodeResponse {
  /** `XXXX-XXXX`, from letters and digits that cannot be mistaken for one another. */
  code: string;
  /** Epoch ms; the code pairs one tablet, once, before then. */
  expiresAt: number;
  kioskId: string;
  /** The kiosk app's address with the code in its fragment (never sent to a server): for the QR code. */
  url: string;
}

/** `POST /api/admin/login`. */
export interface AdminLoginRequest {
  token: string;
}

/** Who the console is signed in as (`GET /api/admin/me`, and the answer to a login). */
export interface AdminIdentity {
  /** `token`: the admin bearer token; `cookie`: a console sign-in; `access`: a Cloudflare Access JWT. */
  via: 'token' | 'cookie' | 'access';
  /** From Access (a person's email), else null. */
  email: string | null;
  /** When the console sign-in ends (epoch ms), else null. */
  expiresAt: number | null;
}

/**
 * An option as operators edit it: its price change per currency the item is priced in (`{}`: no change; a change
 * names every currency the item is priced in), and whether it is chosen unless the customer chooses otherwise.
 */
export interface CatalogOption {
  /** A slug, unique within the item. */
  id: string;
  name: ItemNames;
  priceChange: Record<string, number>;
  default: boolean;
}

/** Choices of an item: at least `min` (0: optional) and at most `max` of its options. */
export interface CatalogOptionGroup {
  /** A slug, unique within the item. */
  id: string;
  name: ItemNames;
  min: number;
  max: number;
  options: CatalogOption[];
}

/** An option group as operators send it: an option's `priceChange` (no change) and `default` (false) may be left out. */
export interface CatalogOptionGroupInput extends Omit<CatalogOptionGroup, 'options'> {
  options: Array<Omit<CatalogOption, 'priceChange' | 'default'> & Partial<Pick<CatalogOption, 'priceChange' | 'default'>>>;
}

/** One item of the fleet catalog, as operators edit it. */
export interface CatalogEntry {
  id: string;
  category: string;
  name: ItemNames;
  /** Per currency (lowercase ISO code), in its smallest unit. */
  prices: Record<string, number>;
  optionGroups: CatalogOptionGroup[];
  /** False: sold out at every store. */
  available: boolean;
  photoUrl: string | null;
  /** The stores (Terminal Locations) where it is sold out. */
  soldOutAt: string[];
  createdAt: number;
  updatedAt: number;
}

/** A category's names, as operators edit them (`PUT /api/admin/catalog/categories/:id`, `{ name }`). */
export interface CatalogCategory {
  id: string;
  name: ItemNames;
  updatedAt: number;
}

export interface CatalogCategoryRequest {
  name: ItemNames;
}

/** `GET /api/admin/catalog`. */
export interface CatalogListResponse {
  items: CatalogEntry[];
  /** Every named category, whether or not an item is in it now. */
  categories: CatalogCategory[];
}

/** `PUT /api/admin/catalog/items/:id`: creates the item or replaces it (its photo and stores' availability stay). */
export interface CatalogItemRequest {
  name: ItemNames;
  category: string;
  prices: Record<string, number>;
  /** Replaces the item's option groups (`[]` removes them); absent, they stay as they are. */
  optionGroups?: CatalogOptionGroupInput[];
  /** Default true. */
  available?: boolean;
}

/** `PUT /api/admin/locations/:locationId/items/:id/availability`. */
export interface AvailabilityRequest {
  available: boolean;
}

export interface AvailabilityResponse {
  locationId: string;
  itemId: string;
  available: boolean;
}

/** One day's sales at one store in one currency (amounts in its smallest unit). */
export interface DailySales {
  /** YYYY-MM-DD, the store's own day (in its time zone). */
  date: string;
  locationId: string;
  currency: string;
  /** Payments taken that day. */
  count: number;
  gross: number;
  /** Refunds made that day (pending ones included; failed and canceled ones not). */
  refunded: number;
  net: number;
}

/** The most days one daily sales report covers: a year, a leap day included (longer reports are exports, not questions). */
export const DAILY_REPORT_MAX_DAYS = 366;

/** `GET /api/admin/reports/daily`. */
export interface DailySalesReport {
  from: string;
  to: string;
  /** Each store's days are its own: a payment counts on the date its kiosk's time zone showed when it was taken. */
  timeZone: 'store';
  location: string | null;
  /** Only days, stores and currencies with a payment or a refund, by date, then store, then currency. */
  days: DailySales[];
}
