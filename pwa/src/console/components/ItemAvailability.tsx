import { For, Show } from 'solid-js';
import type { CatalogEntry } from '../../../../shared/api.ts';
import type { StoreSummary } from '../api.ts';
import type { MenuItemModel } from '../store/menu-item.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';

/** Sold out per store: each store's kiosks show the item as sold out, and no order can include it. */
export function ItemAvailability(props: { item: CatalogEntry; stores: StoreSummary[]; model: MenuItemModel }) {
  const { t } = useTexts();
  const action = useAction();
  const toggle = async (store: StoreSummary, box: HTMLInputElement) => {
    const soldOut = box.checked;
    const done = await action.run(async () => {
      await props.model.setSoldOut(store.locationId, soldOut);
      return t(soldOut ? 'availability.soldOut' : 'availability.back', { name: props.item.name.en, store: store.name });
    });
    // Refused: the box shows what is still true, not what was asked.
    if (!done) box.checked = !soldOut;
  };
  return (
    <section aria-labelledby="availability-heading">
      <h2 id="availability-heading">{t('availability.title')}</h2>
      <Show when={props.stores.length > 0} fallback={<p>{t('availability.noStores')}</p>}>
        <fieldset>
          <legend>{t('availability.legend')}</legend>
          <For each={props.stores}>
            {(store) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={props.item.soldOutAt.includes(store.locationId)}
                  disabled={action.busy()}
                  onChange={(e) => void toggle(store, e.currentTarget)}
                />
                {t('availability.at', { store: store.name })}
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
