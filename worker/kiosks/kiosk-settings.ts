import { LANGUAGES, type Language } from '../../shared/api.ts';
import { failure, type Failure } from '../errors.ts';
import type { KioskRecord } from './kiosk-record.ts';

/** The language of kiosks provisioned without one: DEFAULT_LANGUAGE if it is one we have, else English. */
export const defaultLanguage = (env: Env): Language => LANGUAGES.find((language) => language === env.DEFAULT_LANGUAGE?.trim()) ?? 'en';

/** Kiosks offer every language unless their operator says otherwise. */
export const ALL_LANGUAGES: readonly Language[] = LANGUAGES;

export const DEFAULT_TIME_ZONE = 'UTC';

/** A kiosk's default language must be one it offers. */
export function languageProblem(language: Language, languages: readonly Language[]): Failure | null {
  if (languages.includes(language)) return null;
  const offered = languages.join(', ');
  return failure(400, 'language_not_offered', `The default language (${language}) must be one of the kiosk's languages (${offered})`);
}

/** What operators may change on a provisioned kiosk. */
export type KioskSettings = Partial<
  Pick<KioskRecord, 'name' | 'language' | 'languages' | 'timeZone' | 'askServiceMode' | 'readerMode' | 'tipping' | 'sessionTimeoutSeconds'>
>;
