import { formatMoney } from '../../shared/money.ts';
import { LOCALES, translate, type MessageKey } from './i18n.ts';
import type { PaymentFlow } from './payment-flow.ts';

/** The current language's texts and money format, for components. */
export function textsFor(flow: PaymentFlow) {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(flow.language(), key, params);
  const currency = () => flow.session()?.currency ?? flow.catalog()?.currency ?? flow.kiosk()?.currency ?? 'usd';
  const money = (amount: number, inCurrency = currency()) => formatMoney(amount, inCurrency, LOCALES[flow.language()]);
  return { t, money };
}
