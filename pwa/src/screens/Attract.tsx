import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

/** While nobody is ordering: one large button to start, the language and accessibility choices just below it. */
export function Attract() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  return (
    <div class="attract">
      <button type="button" class="primary start" onClick={() => kiosk.start()}>
        {t('attract.start')}
      </button>
      <p class="explain">{t('attract.languages')}</p>
    </div>
  );
}
