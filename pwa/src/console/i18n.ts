/** Every text the console shows, one file per language (texts-en.ts has every key). Components only ever show `t(key)`. */
import { en, type MessageKey } from './texts-en.ts';
import { ja } from './texts-ja.ts';
import { ko } from './texts-ko.ts';

export type { MessageKey };

export const CONSOLE_LANGUAGES = ['en', 'ko', 'ja'] as const;
export type Language = (typeof CONSOLE_LANGUAGES)[number];

/** Each language named in itself, for the buttons that switch to it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어', ja: '日本語' };

const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, ko, ja };

/** BCP 47 locale used for money, numbers and dates in each language. */
export const LOCALES: Record<Language, string> = { en: 'en-US', ko: 'ko-KR', ja: 'ja-JP' };

export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(en, key);

export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

export const isLanguage = (text: string | null): text is Language => (CONSOLE_LANGUAGES as readonly string[]).includes(text ?? '');

/** The first of the browser's languages the console speaks, else English. */
export function languageFromBrowser(preferred: readonly string[]): Language {
  const spoken = preferred.map((tag) => tag.slice(0, 2).toLowerCase()).find(isLanguage);
  return spoken ?? 'en';
}
