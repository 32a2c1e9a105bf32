import { LANGUAGES, type Language } from '../../../shared/api.ts';

/** The languages a kiosk speaks, each named in itself (an operator finds their own language whatever the console's). */
export const KIOSK_LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어', ja: '日本語' };

export const KIOSK_LANGUAGES = LANGUAGES;

/** The IANA time zones this browser knows, for a kiosk's store (the day its order numbers restart). */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
