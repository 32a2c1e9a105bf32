import type { KioskView, Language, ReaderMode } from '../../shared/api.ts';
import type { KioskRow } from '../ledger/rows.ts';

/** What a kiosk's own Durable Object keeps about it. */
export interface KioskRecord {
  id: string;
  name: string;
  locationId: string;
  currency: string;
  /** The language each new customer starts in, one of `languages`: those its customers may choose from. */
  language: Language;
  languages: Language[];
  /** The store's IANA time zone: order numbers restart at its midnight. */
  timeZone: string;
  /** Customers say whether they eat here or take away. */
  askServiceMode: boolean;
  readerMode: ReaderMode;
  /** The kiosk's own reader at its Location (null until one is registered). */
  readerId: string | null;
  /** Customers may tip on the reader (its Location's Terminal configuration has tipping in the kiosk's currency). */
  tipping: boolean;
  /** The checkout its reader is working for in server-driven mode: where the reader's webhooks go. */
  readerSessionId: string | null;
  /** How long one of its checkouts may wait without progress before its alarm settles it. */
  sessionTimeoutSeconds: number;
  disabled: boolean;
  /** SHA-256 of the current token; for a kiosk from before tokens named their kiosk, of the token it was issued. */
  tokenHash: string;
  /** Set while the token is a legacy one: the hash its upgraded form (`kt_<id>.<same secret>`) is checked against. */
  legacyTokenHash: string | null;
  /** Grows with every change of the token or of `disabled`; its checkouts keep the newest they were told. */
  credentialVersion: number;
  /** The development kiosk, still on the development token (until an operator rotates it). */
  onDevToken: boolean;
  createdAt: number;
  tokenRotatedAt: number;
  /** Grows with every change: the ledger keeps only the newest snapshot. */
  revision: number;
}

/** What a kiosk's checkouts need to check the kiosk's token themselves, without asking the kiosk's object. */
export interface KioskAuth {
  kioskId: string;
  tokenHash: string;
  legacyTokenHash: string | null;
  disabled: boolean;
  version: number;
}

export const authOf = (kiosk: KioskRecord): KioskAuth => ({
  kioskId: kiosk.id,
  tokenHash: kiosk.tokenHash,
  legacyTokenHash: kiosk.legacyTokenHash,
  disabled: kiosk.disabled,
  version: kiosk.credentialVersion,
});

/** The kiosk as operators see it: never its token or hashes. */
export const kioskView = (kiosk: KioskRecord): KioskView => ({
  id: kiosk.id,
  name: kiosk.name,
  locationId: kiosk.locationId,
  currency: kiosk.currency,
  language: kiosk.language,
  languages: kiosk.languages,
  timeZone: kiosk.timeZone,
  askServiceMode: kiosk.askServiceMode,
  readerMode: kiosk.readerMode,
  readerId: kiosk.readerId,
  tipping: kiosk.tipping,
  sessionTimeoutSeconds: kiosk.sessionTimeoutSeconds,
  disabled: kiosk.disabled,
  createdAt: kiosk.createdAt,
  tokenRotatedAt: kiosk.tokenRotatedAt,
});

export const kioskRow = (kiosk: KioskRecord): KioskRow => ({
  id: kiosk.id,
  name: kiosk.name,
  location_id: kiosk.locationId,
  currency: kiosk.currency,
  language: kiosk.language,
  reader_id: kiosk.readerId,
  disabled: kiosk.disabled ? 1 : 0,
  created_at: kiosk.createdAt,
  updated_at: Date.now(),
  version: kiosk.revision,
});
