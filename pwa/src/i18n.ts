// `import.meta.glob` is Vite's; the Node-side test support type-checks this file too (reader errors name their texts).
/// <reference types="vite/client" />
/**
 * The kiosk's languages. Each is one file of texts in `texts/` (its locale, for numbers and money, and every text the
 * kiosk shows); components only ever show `t(key)`. English is the reference and loads with the app; every other
 * language is a chunk of its own, loaded when the kiosk offers it.
 */
import type { Language } from '../../shared/api.ts';
import english from './texts/en.ts';

export type Texts = typeof english.texts;
export type MessageKey = keyof Texts;

export interface LanguageFile {
  /** BCP 47 locale for numbers and money (`ko-KR`: ₩4,500, US$4.50; a `de-DE` file would give 14,00 €). */
  locale: string;
  texts: Texts;
}

export { LANGUAGES, type Language } from '../../shared/api.ts';

export const ENGLISH: LanguageFile = english;

const OTHER_LANGUAGES = import.meta.glob<LanguageFile>(['./texts/*.ts', '!./texts/en.ts'], { import: 'default' });

/** A language's file; a language without one (the server may know languages this app does not yet) is shown in English. */
export async function loadLanguage(language: Language): Promise<LanguageFile> {
  const load = OTHER_LANGUAGES[`./texts/${language}.ts`];
  return load ? load() : ENGLISH;
}

/** A text with its blanks filled in; numbers written the language's way (1,089 in English, 1.089 in German). */
export function translate(file: LanguageFile, key: MessageKey, params: Record<string, string | number> = {}): string {
  return file.texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name]?.toLocaleString(file.locale) ?? whole);
}
