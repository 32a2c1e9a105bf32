import { formatMoney } from '../../shared/money.ts';
import { LOCALES, translate, type MessageKey } from './i18n.ts';
import { useKiosk } from './store/kiosk-store.ts';

/** The current language's texts and money format, for components. */
export function useTexts() {
  const kiosk = useKiosk();
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(kiosk.language(), key, params);
  const currency = () =>
    kiosk.checkout.session()?.currency ?? kiosk.cart.catalog()?.currency ?? kiosk.connection.config()?.currency ?? 'usd';
  const money = (amount: number, inCurrency = currency()) => formatMoney(amount, inCurrency, LOCALES[kiosk.language()]);
  /** An item's name (on the menu or in the session) in the current language, in English where it has none in it. */
  const itemName = (item: { id: string; name: string }) =>
    kiosk.cart.catalog()?.items.find((entry) => entry.id === item.id)?.names[kiosk.language()] ?? item.name;
  return { t, money, itemName };
}
