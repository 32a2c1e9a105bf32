import { For } from 'solid-js';
import { TEST_CARDS } from '../../../shared/test-cards.ts';
import type { PaymentFlow } from '../payment-flow.ts';
import { textsFor } from '../text.ts';

/** Simulated mode only: stands in for a customer's card at the worker's simulated reader. */
export function DevPanel(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t } = textsFor(flow);
  return (
    <aside class="dev-panel" aria-labelledby="dev-panel-heading">
      <h2 id="dev-panel-heading">{t('dev.panel')}</h2>
      <label for="dev-test-card">{t('dev.testCard')}</label>
      <select id="dev-test-card" value={flow.testCard()} onChange={(event) => flow.chooseTestCard(event.currentTarget.value)}>
        <For each={TEST_CARDS}>
          {(card) => (
            <option value={card.number}>
              {card.label} · {card.number}
            </option>
          )}
        </For>
      </select>
      <button type="button" disabled={flow.status() !== 'waiting_card'} onClick={() => void flow.tapTestCard()}>
        {t('dev.tapCard')}
      </button>
    </aside>
  );
}
