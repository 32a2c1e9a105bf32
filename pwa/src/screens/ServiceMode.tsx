import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

/** Eat here or take away, asked before paying by kiosks whose operator turned it on; the answer goes with the order. */
export function ServiceMode() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  return (
    <div class="payment">
      <div class="actions">
        <button type="button" class="primary big" onClick={() => void kiosk.checkout.pay('dine_in')}>
          {t('service.dine_in')}
        </button>
        <button type="button" class="primary big" onClick={() => void kiosk.checkout.pay('take_away')}>
          {t('service.take_away')}
        </button>
      </div>
      <div class="actions">
        <button type="button" class="secondary big" onClick={() => kiosk.backToOrder()}>
          {t('payment.backToOrder')}
        </button>
      </div>
    </div>
  );
}
