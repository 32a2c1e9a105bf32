import type { Language, ReaderMode } from '../../shared/api.ts';
import { DEV_KIOSK_ID } from '../auth/kiosk-token.ts';
import type { KioskRecord } from './kiosk-record.ts';
import { ALL_LANGUAGES, DEFAULT_TIME_ZONE } from './kiosk-settings.ts';
import type { provisionDevStore } from './provisioning.ts';

/**
 * How a kiosk's record comes to be: provisioned by an operator, adopted from the pre-upgrade registry, or read back as
 * stored before a setting existed. Pure: the kiosk's object saves what these return.
 */

/** What an operator decides when provisioning a kiosk (its id and token hash come from the worker). */
export interface ProvisionInput {
  id: string;
  name: string;
  locationId: string;
  currency: string;
  language: Language;
  languages: Language[];
  timeZone?: string;
  askServiceMode?: boolean;
  readerMode?: ReaderMode;
  readerId: string | null;
  tipping?: boolean;
  sessionTimeoutSeconds?: number;
  tokenHash: string;
}

export const DEFAULT_READER_MODE: ReaderMode = 'server-driven';

/** A kiosk as the pre-upgrade registry kept it, adopted by its own object on first use. */
export interface LegacyKiosk {
  id: string;
  name: string;
  locationId: string;
  currency: string;
  language: Language;
  disabled: boolean;
  createdAt: number;
  tokenRotatedAt: number;
  tokenHash: string;
}

/** A new kiosk as provisioned (`sessionTimeoutSeconds`: the deployment's default). */
export const provisionedKiosk = (input: ProvisionInput, now: number, sessionTimeoutSeconds: number): KioskRecord => ({
  ...input,
  timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
  askServiceMode: input.askServiceMode ?? false,
  readerMode: input.readerMode ?? DEFAULT_READER_MODE,
  tipping: input.tipping ?? false,
  readerSessionId: null,
  sessionTimeoutSeconds: input.sessionTimeoutSeconds ?? sessionTimeoutSeconds,
  disabled: false,
  legacyTokenHash: null,
  credentialVersion: 1,
  onDevToken: false,
  createdAt: now,
  tokenRotatedAt: now,
  revision: 0,
});

/** A kiosk taken over from the pre-upgrade registry, running as it did there (`sessionTimeoutSeconds`: the default). */
export const adoptedKiosk = (legacy: LegacyKiosk, sessionTimeoutSeconds: number): KioskRecord => ({
  ...legacy,
  languages: [...ALL_LANGUAGES],
  timeZone: DEFAULT_TIME_ZONE,
  askServiceMode: false,
  readerMode: 'js-sdk',
  readerId: null,
  tipping: false,
  readerSessionId: null,
  sessionTimeoutSeconds,
  legacyTokenHash: legacy.tokenHash,
  credentialVersion: 1,
  onDevToken: false,
  revision: 0,
});

/** A kiosk as stored, with what was not a setting yet when it was saved. */
export function withLaterSettings(kiosk: KioskRecord | undefined): KioskRecord | undefined {
  // Kiosks provisioned before a setting existed run as they did then: the JS SDK, no tipping, every language, UTC.
  const defaults: Pick<KioskRecord, 'readerMode' | 'tipping' | 'readerSessionId' | 'languages' | 'timeZone' | 'askServiceMode'> = {
    readerMode: 'js-sdk',
    tipping: false,
    readerSessionId: null,
    languages: [...ALL_LANGUAGES],
    timeZone: DEFAULT_TIME_ZONE,
    askServiceMode: false,
  };
  return kiosk && { ...defaults, ...kiosk };
}

export const DEV_KIOSK_NAME = 'Development kiosk';

/** The development kiosk, at its store (simulated mode), in the deployment's default language. */
export const devKioskInput = (store: Awaited<ReturnType<typeof provisionDevStore>>, language: Language, tokenHash: string): ProvisionInput => ({
  id: DEV_KIOSK_ID,
  name: DEV_KIOSK_NAME,
  ...store,
  language,
  languages: [...ALL_LANGUAGES],
  tokenHash,
});
