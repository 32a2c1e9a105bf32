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
  return { t, money };
}
