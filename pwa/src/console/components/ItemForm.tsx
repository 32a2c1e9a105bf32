import { createSignal, For, Show } from 'solid-js';
import type { CatalogEntry } from '../../../../shared/api.ts';
import type { MessageKey } from '../i18n.ts';
import { draftOf, requestOf, unsoldCurrencies, type DraftProblem, type ItemDraft, type MenuItemModel } from '../store/menu-item.ts';
import type { GroupProblem } from '../store/option-groups-draft.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';
import { ITEM_NAME_LABELS, NameFields } from './NameFields.tsx';
import { OptionGroupsEditor } from './OptionGroupsEditor.tsx';

const PROBLEMS: Record<DraftProblem | GroupProblem, MessageKey> = {
  id: 'item.problem.id',
  idTaken: 'item.problem.idTaken',
  category: 'item.problem.category',
  name: 'item.problem.name',
  price: 'item.problem.price',
  noPrice: 'item.problem.noPrice',
  groupName: 'options.problem.groupName',
  noOptions: 'options.problem.noOptions',
  optionName: 'options.problem.optionName',
  choices: 'options.problem.choices',
  defaults: 'options.problem.defaults',
  priceChange: 'options.problem.priceChange',
};

/** An item's names, category, prices per currency, option groups and availability everywhere. */
export function ItemForm(props: {
  item: CatalogEntry | undefined;
  currencies: string[];
  /** The menu's categories, offered as the operator types one. */
  categories: string[];
  /** The ids of the menu's items, which a new item cannot take. */
  itemIds: string[];
  save: MenuItemModel['save'];
  saved: (id: string) => void;
}) {
  const { t } = useTexts();
  const action = useAction();
  const [draft, setDraft] = createSignal<ItemDraft>(draftOf(props.item, props.currencies));
  const [problem, setProblem] = createSignal<string | null>(null);
  const isNew = () => props.item === undefined;
  const edit = (change: Partial<ItemDraft>) => setDraft({ ...draft(), ...change });
  const editPrice = (currency: string, text: string) => edit({ prices: { ...draft().prices, [currency]: text } });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = requestOf(draft(), isNew() ? props.itemIds : []);
    if ('problem' in checked) {
      const at: Record<string, number> = 'group' in checked ? { group: checked.group, option: checked.option ?? 0 } : {};
      setProblem(t(PROBLEMS[checked.problem], { id: draft().id, currency: checked.currency?.toUpperCase() ?? '', ...at }));
      return;
    }
    setProblem(null);
    const id = draft().id;
    void action.run(async () => {
      await props.save(id, checked.request);
      props.saved(id);
      return t('item.saved', { name: checked.request.name.en });
    });
  };

  return (
    <form class="item-form" onSubmit={submit} novalidate>
      <Show when={isNew()}>
        <Field label={t('item.id')} hint={t('item.idHelp')}>
          {(id, hint) => (
            <input id={id} value={draft().id} onInput={(e) => edit({ id: e.currentTarget.value.trim() })} required aria-describedby={hint} autocomplete="off" />
          )}
        </Field>
      </Show>
      <NameFields label={(language) => ITEM_NAME_LABELS[language]} names={draft().name} change={(name) => edit({ name })} requireEnglish />
      <Field label={t('item.category')}>
        {(id) => (
          <>
            <input
              id={id}
              value={draft().category}
              onInput={(e) => edit({ category: e.currentTarget.value.trim() })}
              list={`${id}-categories`}
              required
              autocomplete="off"
            />
            <datalist id={`${id}-categories`}>
              <For each={props.categories}>{(category) => <option value={category} />}</For>
            </datalist>
          </>
        )}
      </Field>
      <fieldset>
        <legend>{t('item.prices')}</legend>
        <For each={Object.keys(draft().prices).sort()}>
          {(currency) => (
            <Field label={t('item.price', { currency: currency.toUpperCase() })}>
              {(id) => (
                <input id={id} inputmode="decimal" autocomplete="off" value={draft().prices[currency]} onInput={(e) => editPrice(currency, e.currentTarget.value)} />
              )}
            </Field>
          )}
        </For>
        <p class="hint">{t('item.pricesHelp')}</p>
        <Show when={unsoldCurrencies(props.item, props.currencies).length > 0}>
          <p class="hint">{t('item.unsoldPrices', { currencies: unsoldCurrencies(props.item, props.currencies).join(', ').toUpperCase() })}</p>
        </Show>
      </fieldset>
      <OptionGroupsEditor groups={draft().groups} currencies={Object.keys(draft().prices).sort()} change={(groups) => edit({ groups })} />
      <label class="check">
        <input type="checkbox" checked={draft().available} onChange={(e) => edit({ available: e.currentTarget.checked })} />
        {t('item.available')}
      </label>
      <Show when={problem()}>
        <p class="feedback problem" role="alert">
          {problem()}
        </p>
      </Show>
      <button type="submit" class="primary" disabled={action.busy()}>
        {isNew() ? t('item.create') : t('item.save')}
      </button>
      <Feedback outcome={action.outcome()} />
    </form>
  );
}
