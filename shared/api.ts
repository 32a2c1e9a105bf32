/** The kiosk API contract: what the worker answers and the PWA reads. */
import type { SessionStatus, CancellationReason } from './session-status.ts';

export type StripeMode = 'simulated' | 'test' | 'live';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface HealthResponse {
  ok: true;
  mode: StripeMode;
}

export interface CatalogItem {
  id: string;
  name: string;
  /** In the currency's smallest unit. */
  price: number;
}

export interface CatalogResponse {
  currency: string;
  items: CatalogItem[];
}

export interface KioskConfigResponse {
  kioskId: string;
  name: string;
  mode: StripeMode;
  currency: string;
  language: 'en' | 'ko';
  /** The Stripe Terminal Location whose readers this kiosk may use. */
  locationId: string;
}

export interface CartLine {
  id: string;
  quantity: number;
}

export interface CreateSessionRequest {
  items: CartLine[];
}

export interface Receipt {
  brand: string;
  last4: string;
  receiptUrl: string | null;
}

/** A refund of a session's payment, as Stripe reports it. */
export interface RefundView {
  id: string;
  /** In the currency's smallest unit. */
  amount: number;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  reason: string | null;
}

export interface SessionView {
  sessionId: string;
  paymentIntentId: string;
  clientSecret: string;
  amount: number;
  currency: string;
  status: SessionStatus;
  items: Array<CatalogItem & { quantity: number }>;
  declineCode?: string;
  cancellationReason?: CancellationReason;
  attentionReason?: string;
  receipt?: Receipt;
  /** How much of the payment went back to the customer, and each refund. */
  refunded: number;
  refunds: RefundView[];
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
}

/** Progress the kiosk reports while it drives the reader (a hint that keeps an active session from expiring). */
export interface ProgressRequest {
  status: 'connecting' | 'waiting_card' | 'processing';
}

export interface ConnectionTokenResponse {
  secret: string;
}
