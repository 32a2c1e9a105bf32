import { createSignal } from 'solid-js';
import type { CatalogCategory } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { namesDraft, namesOf } from '../store/option-groups-draft.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { ITEM_NAME_LABELS, NameFields } from './NameFields.tsx';

/** What kiosks call a category in each language: English required, a language left empty shows the English name. */
export function CategoryNames(props: { id: string; named: CatalogCategory | undefined; saved: (category: CatalogCategory) => void }) {
  const { t } = useTexts();
  const action = useAction();
  const [draft, setDraft] = createSignal(namesDraft(props.named?.name));

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const category = await api.saveCategory(props.id, namesOf(draft()));
      props.saved(category);
      return t('menu.categorySaved', { category: category.name.en });
    });
  };

  return (
    <details class="category-names">
      <summary>{t('menu.categoryNames')}</summary>
      <form onSubmit={submit}>
        <p class="hint">{t('menu.categoryNamesHelp')}</p>
        <NameFields label={(language) => ITEM_NAME_LABELS[language]} names={draft()} change={setDraft} requireEnglish />
        <button type="submit" class="button" disabled={action.busy()}>
          {t('menu.categorySave')}
        </button>
        <Feedback outcome={action.outcome()} />
      </form>
    </details>
  );
}
