import { createSignal, For, Show } from 'solid-js';
import type { KioskCatalogItem, KioskOptionGroup } from '../../../shared/api.ts';
import { defaultChoice, incompleteGroup, inMenuOrder, optionEnabled, toggleOption, unitPrice } from '../option-choices.ts';
import { useTexts } from '../text.ts';
import { Sheet } from './Sheet.tsx';

/** Size, hot or iced, milk, extras: each group's rule, its options with their price changes, and the price of one. */
export function OptionPicker(props: { item: KioskCatalogItem; onAdd(options: string[]): void; onBack(): void }) {
  const { t, money, named } = useTexts();
  const [chosen, setChosen] = createSignal(defaultChoice(props.item));
  const [tried, setTried] = createSignal(false);
  const missing = () => incompleteGroup(props.item, chosen());
  // Exactly one (a size) is a set of radio buttons; anything the customer may take back off (an optional syrup) is not.
  const oneOf = (group: KioskOptionGroup) => group.min === 1 && group.max === 1;
  const rule = (group: KioskOptionGroup) =>
    oneOf(group)
      ? t('options.chooseOne')
      : group.min === group.max
        ? t('options.chooseExactly', { count: group.max })
        : group.min === 0
          ? t('options.chooseUpTo', { max: group.max })
          : t('options.chooseRange', { min: group.min, max: group.max });
  const change = (amount: number) => (amount > 0 ? `+${money(amount)}` : amount < 0 ? `−${money(-amount)}` : '');

  function add() {
    setTried(true);
    if (!missing()) props.onAdd(inMenuOrder(props.item, chosen()));
  }

  return (
    <Sheet labelledBy="options-title" onDismiss={props.onBack}>
      <h2 id="options-title">{named(props.item)}</h2>
      <div class="option-groups">
        <For each={props.item.optionGroups}>
          {(group) => (
            <fieldset class="option-group">
              <legend>
                {named(group)} <span class="rule">{rule(group)}</span>
              </legend>
              <div class="options">
                <For each={group.options}>
                  {(option) => (
                    <label class="option">
                      <input
                        type={oneOf(group) ? 'radio' : 'checkbox'}
                        name={`option-${group.id}`}
                        checked={chosen().includes(option.id)}
                        disabled={!optionEnabled(props.item, chosen(), option.id)}
                        onChange={() => setChosen((current) => toggleOption(props.item, current, option.id))}
                      />
                      <span class="option-name">{named(option)}</span>
                      <Show when={option.priceChange !== 0}>
                        <span class="option-price">{change(option.priceChange)}</span>
                      </Show>
                    </label>
                  )}
                </For>
              </div>
            </fieldset>
          )}
        </For>
      </div>
      <Show when={tried() && missing()}>
        {(group) => (
          <p class="error" role="alert">
            {t('options.missing', { group: named(group()) })}
          </p>
        )}
      </Show>
      <div class="actions">
        <button type="button" class="secondary big" onClick={() => props.onBack()}>
          {t('options.back')}
        </button>
        <button type="button" class="primary big" onClick={add}>
          {t('options.add', { amount: money(unitPrice(props.item, chosen())) })}
        </button>
      </div>
    </Sheet>
  );
}
