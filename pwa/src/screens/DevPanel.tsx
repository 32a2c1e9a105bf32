import { For } from 'solid-js';
import { TEST_CARDS } from '../../../shared/test-cards.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

/** Simulated mode only: stands in for a customer's card at the worker's simulated reader. */
export function DevPanel() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  return (
    <aside class="dev-panel" aria-labelledby="dev-panel-heading">
      <h2 id="dev-panel-heading">{t('dev.panel')}</h2>
      <label for="dev-test-card">{t('dev.testCard')}</label>
      <select id="dev-test-card" value={kiosk.devPanel.testCard()} onChange={(event) => kiosk.devPanel.choose(event.currentTarget.value)}>
        <For each={TEST_CARDS}>
          {(card) => (
            <option value={card.number}>
              {card.label} · {card.number}
            </option>
          )}
        </For>
      </select>
      <button type="button" disabled={kiosk.screen().name !== 'waiting_card'} onClick={() => void kiosk.devPanel.tap()}>
        {t('dev.tapCard')}
      </button>
    </aside>
  );
}
