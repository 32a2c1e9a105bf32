import type { SessionView } from '../../shared/api.ts';

/** A session as the worker answers it, for the PWA's unit tests: an open one-Americano order unless told otherwise. */
export const sessionView = (overrides: Partial<SessionView> = {}): SessionView => ({
  sessionId: 'cs_0000000000000000',
  paymentIntentId: 'pi_1',
  clientSecret: 'pi_1_secret_abc',
  amount: 450,
  tip: 0,
  currency: 'usd',
  readerMode: 'js-sdk',
  status: 'waiting_card',
  items: [{ id: 'americano', name: 'Americano', names: { en: 'Americano' }, price: 450, quantity: 1, options: [] }],
  serviceMode: null,
  orderNumber: null,
  paidAt: null,
  refunded: 0,
  refunds: [],
  expiresAt: null,
  createdAt: 0,
  updatedAt: 0,
  ...overrides,
});
