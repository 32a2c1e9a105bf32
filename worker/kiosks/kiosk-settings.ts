import { LANGUAGES, type KioskView, type Language, type ServiceMode } from '../../shared/api.ts';
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

/** What the kiosk's settings refuse of a new order: no reader yet (server-driven), or the wrong word on service mode. */
export function orderProblem(kiosk: KioskView, serviceMode: ServiceMode | undefined): Failure | null {
  if (kiosk.readerMode === 'server-driven' && !kiosk.readerId) {
    return failure(409, 'no_reader', 'This kiosk has no reader yet: an operator registers one for it.');
  }
  if (kiosk.askServiceMode && !serviceMode) {
    return failure(400, 'service_mode_required', 'Say whether the order is to eat here or take away (serviceMode: dine_in or take_away)');
  }
  if (!kiosk.askServiceMode && serviceMode) {
    return failure(400, 'service_mode_not_offered', 'This kiosk does not ask for dine-in or take-away: leave serviceMode out');
  }
  return null;
}
