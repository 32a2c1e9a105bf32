import { For, Index } from 'solid-js';
import { priceChangeExample } from '../format.ts';
import { moved, newGroup, newOption, type GroupDraft, type NamesDraft, type OptionDraft } from '../store/option-groups-draft.ts';
import { useTexts } from '../text.ts';
import { Field } from './Field.tsx';
import { NameFields } from './NameFields.tsx';

/**
 * An item's option groups (size, hot or iced, extras...): each with its names, how many options a customer chooses,
 * and its options with their names, price change per currency and whether they are chosen by default. Groups and
 * options are added, removed and moved; rows are kept by position, so typing never loses the focus.
 */
export function OptionGroupsEditor(props: { groups: GroupDraft[]; currencies: string[]; change: (groups: GroupDraft[]) => void }) {
  const { t } = useTexts();
  const editGroup = (index: number, change: Partial<GroupDraft>) =>
    props.change(props.groups.map((group, i) => (i === index ? { ...group, ...change } : group)));
  return (
    <fieldset class="option-groups">
      <legend>{t('options.title')}</legend>
      <p class="hint">{t('options.help')}</p>
      <Index each={props.groups}>
        {(group, g) => (
          <fieldset class="option-group">
            <legend>{t('options.group', { n: g + 1 })}</legend>
            <Names prefix="options.groupName" names={group().name} change={(name) => editGroup(g, { name })} />
            <div class="choices">
              <Field label={t('options.min')}>
                {(id) => <input id={id} type="number" min="0" max="20" inputmode="numeric" value={group().min} onInput={(e) => editGroup(g, { min: e.currentTarget.value })} />}
              </Field>
              <Field label={t('options.max')}>
                {(id) => <input id={id} type="number" min="1" max="20" inputmode="numeric" value={group().max} onInput={(e) => editGroup(g, { max: e.currentTarget.value })} />}
              </Field>
            </div>
            <Index each={group().options}>
              {(option, o) => (
                <OptionFields
                  option={option()}
                  number={o + 1}
                  currencies={props.currencies}
                  change={(change) => editGroup(g, { options: group().options.map((each, i) => (i === o ? { ...each, ...change } : each)) })}
                  move={(by) => editGroup(g, { options: moved(group().options, o, by) })}
                  remove={() => editGroup(g, { options: group().options.filter((_, i) => i !== o) })}
                  first={o === 0}
                  last={o === group().options.length - 1}
                />
              )}
            </Index>
            <div class="buttons">
              <button type="button" onClick={() => editGroup(g, { options: [...group().options, newOption(props.currencies)] })}>
                {t('options.addOption', { n: g + 1 })}
              </button>
              <button type="button" disabled={g === 0} onClick={() => props.change(moved(props.groups, g, -1))}>
                {t('options.groupUp', { n: g + 1 })}
              </button>
              <button type="button" disabled={g === props.groups.length - 1} onClick={() => props.change(moved(props.groups, g, 1))}>
                {t('options.groupDown', { n: g + 1 })}
              </button>
              <button type="button" class="danger" onClick={() => props.change(props.groups.filter((_, i) => i !== g))}>
                {t('options.removeGroup', { n: g + 1 })}
              </button>
            </div>
          </fieldset>
        )}
      </Index>
      <button type="button" class="add-group" onClick={() => props.change([...props.groups, newGroup(props.currencies)])}>
        {t('options.addGroup')}
      </button>
    </fieldset>
  );
}

function OptionFields(props: {
  option: OptionDraft;
  number: number;
  currencies: string[];
  change: (change: Partial<OptionDraft>) => void;
  move: (by: -1 | 1) => void;
  remove: () => void;
  first: boolean;
  last: boolean;
}) {
  const { t } = useTexts();
  return (
    <fieldset class="option">
      <legend>{t('options.option', { n: props.number })}</legend>
      <Names prefix="options.optionName" names={props.option.name} change={(name) => props.change({ name })} />
      <For each={props.currencies}>
        {(currency) => (
          <Field label={t('options.priceChange', { currency: currency.toUpperCase() })} hint={t('options.priceChangeHelp', { example: priceChangeExample(currency) })}>
            {(id, hint) => (
              <input
                id={id}
                inputmode="decimal"
                autocomplete="off"
                aria-describedby={hint}
                value={props.option.priceChange[currency] ?? ''}
                onInput={(e) => props.change({ priceChange: { ...props.option.priceChange, [currency]: e.currentTarget.value } })}
              />
            )}
          </Field>
        )}
      </For>
      <label class="check">
        <input type="checkbox" checked={props.option.isDefault} onChange={(e) => props.change({ isDefault: e.currentTarget.checked })} />
        {t('options.default')}
      </label>
      <div class="buttons">
        <button type="button" disabled={props.first} onClick={() => props.move(-1)}>
          {t('options.optionUp', { n: props.number })}
        </button>
        <button type="button" disabled={props.last} onClick={() => props.move(1)}>
          {t('options.optionDown', { n: props.number })}
        </button>
        <button type="button" class="danger" onClick={() => props.remove()}>
          {t('options.removeOption', { n: props.number })}
        </button>
      </div>
    </fieldset>
  );
}

/** A name in English (needed) and in Korean and Japanese (where given). */
function Names(props: { prefix: 'options.groupName' | 'options.optionName'; names: NamesDraft; change: (names: NamesDraft) => void }) {
  return (
    <div class="names">
      <NameFields label={(language) => `${props.prefix}.${language}`} names={props.names} change={props.change} />
    </div>
  );
}
