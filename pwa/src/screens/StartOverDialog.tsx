import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';
import { Sheet } from './Sheet.tsx';

/** "Start over?": an order is never cleared by a single tap. */
export function StartOverDialog(props: { onKeep(): void }) {
  const kiosk = useKiosk();
  const { t } = useTexts();
  return (
    <Sheet labelledBy="start-over-title" describedBy="start-over-body" alert onDismiss={props.onKeep}>
      <h2 id="start-over-title">{t('startOver.title')}</h2>
      <p id="start-over-body">{t('startOver.body')}</p>
      <div class="actions">
        <button type="button" class="primary big" autofocus onClick={() => props.onKeep()}>
          {t('startOver.keep')}
        </button>
        <button type="button" class="secondary big" onClick={() => kiosk.toStart()}>
          {t('startOver.confirm')}
        </button>
      </div>
    </Sheet>
  );
}
