import type { ItemNames } from '../../shared/api.ts';
import { formatMoney } from '../../shared/money.ts';
import { translate, type MessageKey } from './i18n.ts';
import { listNames } from './name-list.ts';
import { useKiosk } from './store/kiosk-store.ts';

/** The current language's texts and money format, for components. */
export function useTexts() {
  const kiosk = useKiosk();
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(kiosk.choices.texts(), key, params);
  const currency = () =>
    kiosk.checkout.session()?.currency ?? kiosk.cart.catalog()?.currency ?? kiosk.connection.config()?.currency ?? 'usd';
  /** In the kiosk's currency, written the way the language writes money (₩4,500; US$4.50 in Korean; 14,00 € in German). */
  const money = (amount: number, inCurrency = currency()) => formatMoney(amount, inCurrency, kiosk.choices.texts().locale);
  /** A name of the menu (an item, an option, a group) in the current language, in English where it has none in it. */
  const named = (thing: { name: string; names: ItemNames }) => thing.names[kiosk.language()] ?? thing.name;
  /** A line's chosen options, listed as the language lists things: "Large, Iced", "ラージ、アイス", "라지, 아이스, 샷 추가". */
  const optionList = (options: readonly string[]) => listNames(kiosk.choices.texts().locale, options);
  /** A line of the order with its options, as the cart and the payment screen name it: "Café Latte (Iced)", "カフェラテ（アイス）". */
  const lineName = (item: string, options: readonly string[]) =>
    options.length > 0 ? t('cart.lineName', { item, options: optionList(options) }) : item;
  return { t, money, named, optionList, lineName };
}
