import type { ItemNames } from '../../../shared/api.ts';
import type { SessionStatus } from '../../../shared/session-status.ts';
import { listNames } from '../name-list.ts';
import { ApiError } from './api.ts';
import { dateTime, formatMoney, time } from './format.ts';
import { hasMessage, LOCALES, translate, type MessageKey } from './i18n.ts';
import { useConsole } from './store/console-store.ts';

/** The current language's texts, money and dates, for components. */
export function useTexts() {
  const store = useConsole();
  const locale = () => LOCALES[store.language()];
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(store.language(), key, params);
  return {
    t,
    locale,
    money: (amount: number, currency: string) => formatMoney(amount, currency, locale()),
    /** A date and time with its zone named: in `timeZone` (a store's) where given, else in the operator's own. */
    when: (ms: number, timeZone?: string) => dateTime(ms, locale(), timeZone),
    clock: (ms: number) => time(ms, locale()),
    /** Names listed as the language lists things: "Size, Milk", "サイズ、ミルク". */
    list: (names: readonly string[]) => listNames(locale(), names),
    status: (status: SessionStatus) => t(`status.${status}`),
    /** A menu name (item, option, category) in the operator's language where the operator gave one, else in English. */
    named: (names: ItemNames) => names[store.language()] ?? names.en,
    /** What went wrong, in the operator's language where the console knows the error, else the worker's words. */
    problem(err: unknown): string {
      if (!(err instanceof ApiError)) return t('error.unexpected');
      const known = `error.${err.code}`;
      return hasMessage(known) ? t(known) : err.message;
    },
  };
}
