import { LANGUAGES, type Language } from '../../../shared/api.ts';
import { LANGUAGE_NAMES } from './i18n.ts';

/** The languages a kiosk speaks, each named in itself (an operator finds their own whatever the console's language). */
export const KIOSK_LANGUAGE_NAMES: Record<Language, string> = LANGUAGE_NAMES;

export const KIOSK_LANGUAGES = LANGUAGES;

/** The IANA time zones this browser knows, for a kiosk's store (the day its order numbers restart). */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
