import type { CartLine, Language, ReaderMode, ServiceMode } from '../../shared/api.ts';

/** What the kiosk keeps across reloads: its credentials, its reader and the checkout it was in the middle of. */

const TOKEN_KEY = 'kiosk.token';
const CHECKOUT_KEY = 'kiosk.checkout';
const READER_KEY = 'kiosk.reader';
const LANGUAGE_KEY = 'kiosk.language';
const LANGUAGES_KEY = 'kiosk.languages';

export interface StoredCheckout {
  /** Sent with POST /api/sessions, so a retry after a lost answer gets the same session back. */
  idempotencyKey: string;
  items: CartLine[];
  /** Where the customer eats, on kiosks that ask. */
  serviceMode?: ServiceMode;
  sessionId?: string;
  /** Set before processPayment: after a crash the outcome is unknown until the server has checked with Stripe. */
  processingStarted?: boolean;
  /** The customer pressed Cancel but the server has not confirmed it yet. */
  cancelRequested?: boolean;
  /** Server-driven, the reader has the payment from the moment the session exists, whatever the tablet does. */
  readerMode?: ReaderMode;
  /** Paid: kept until the success screen ends, so a reload shows the order number again instead of the start. */
  paid?: boolean;
  /** The customer's own choices: a reload in the middle of their payment keeps speaking their language. */
  customer?: CustomerChoice;
}

export interface CustomerChoice {
  language: Language;
  accessible: boolean;
}

export const loadToken = (): string | null => localStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string): void => localStorage.setItem(TOKEN_KEY, token);
export const forgetToken = (): void => localStorage.removeItem(TOKEN_KEY);

/** The reader this kiosk connected to last: after a reload it may still hold the previous page's connection. */
export const ownReader = {
  load: (): string | null => localStorage.getItem(READER_KEY),
  save: (readerId: string): void => localStorage.setItem(READER_KEY, readerId),
};

/** The kiosk's own language, for the screens a restart shows before its configuration arrives (none, offline). */
export const kioskLanguage = {
  load: (): string | null => localStorage.getItem(LANGUAGE_KEY),
  save: (language: Language): void => localStorage.setItem(LANGUAGE_KEY, language),
};

/** The languages the kiosk offered last, for the language buttons of a restart with no connection. */
export const kioskLanguages = {
  load(): unknown {
    try {
      return JSON.parse(localStorage.getItem(LANGUAGES_KEY) ?? 'null');
    } catch {
      return null;
    }
  },
  save: (languages: readonly Language[]): void => localStorage.setItem(LANGUAGES_KEY, JSON.stringify(languages)),
};

export function loadCheckout(): StoredCheckout | null {
  try {
    const stored = JSON.parse(localStorage.getItem(CHECKOUT_KEY) ?? 'null') as StoredCheckout | null;
    return stored && typeof stored.idempotencyKey === 'string' && Array.isArray(stored.items) ? stored : null;
  } catch {
    return null;
  }
}

export const saveCheckout = (checkout: StoredCheckout): void => localStorage.setItem(CHECKOUT_KEY, JSON.stringify(checkout));
export const forgetCheckout = (): void => localStorage.removeItem(CHECKOUT_KEY);

/** Notes a step of the checkout in progress, if there is one (none: it ended meanwhile, and stays ended). */
export function amendCheckout(change: Partial<StoredCheckout>): void {
  const stored = loadCheckout();
  if (stored) saveCheckout({ ...stored, ...change });
}
