import { createSignal, Show } from 'solid-js';
import type { CatalogCategory } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { isSlug } from '../store/menu-item.ts';
import { namesDraft, namesOf } from '../store/option-groups-draft.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';
import { ITEM_NAME_LABELS, NameFields } from './NameFields.tsx';

/**
 * What kiosks call a category in each language: English required, a language left empty shows the English name.
 * Without an id, the operator names a category that has no item yet, and types its slug first.
 */
export function CategoryNames(props: {
  id: string | null;
  named: CatalogCategory | undefined;
  saved: (category: CatalogCategory) => void;
  forgotten?: (id: string) => void;
}) {
  const { t } = useTexts();
  const action = useAction();
  const [draft, setDraft] = createSignal(namesDraft(props.named?.name));
  const [slug, setSlug] = createSignal('');

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const id = props.id ?? slug();
    if (!isSlug(id)) return action.refuse(t('item.problem.category'));
    void action.run(async () => {
      const category = await api.saveCategory(id, namesOf(draft()));
      props.saved(category);
      if (props.id === null) {
        setSlug('');
        setDraft(namesDraft(undefined));
      }
      return t('menu.categorySaved', { category: category.name.en });
    });
  };
  const forget = (id: string, name: string) =>
    void action.run(async () => {
      await api.forgetCategory(id);
      props.forgotten?.(id);
      return t('menu.categoryForgotten', { category: name });
    });

  return (
    <details class="category-names">
      <summary>{t(props.id === null ? 'menu.newCategory' : 'menu.categoryNames')}</summary>
      <form onSubmit={submit} novalidate>
        <p class="hint">{t('menu.categoryNamesHelp')}</p>
        <Show when={props.id === null}>
          <Field label={t('item.category')} hint={t('menu.newCategoryHelp')}>
            {(id, hint) => (
              <input id={id} value={slug()} onInput={(e) => setSlug(e.currentTarget.value.trim())} required aria-describedby={hint} autocomplete="off" />
            )}
          </Field>
        </Show>
        <NameFields label={(language) => ITEM_NAME_LABELS[language]} names={draft()} change={setDraft} requireEnglish />
        <div class="buttons">
          <button type="submit" class="button" disabled={action.busy()}>
            {t('menu.categorySave')}
          </button>
          <Show when={props.id !== null && props.named ? { id: props.id!, name: props.named.name.en } : null}>
            {(named) => (
              <button type="button" class="button" disabled={action.busy()} onClick={() => forget(named().id, named().name)}>
                {t('menu.categoryForget')}
              </button>
            )}
          </Show>
        </div>
        <Feedback outcome={action.outcome()} />
      </form>
    </details>
  );
}
