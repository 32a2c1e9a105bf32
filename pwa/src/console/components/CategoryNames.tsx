import { createSignal, For } from 'solid-js';
import type { CatalogCategory } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';
import { NAME_LABELS } from './ItemForm.tsx';

const LANGUAGES = ['en', 'ko', 'ja'] as const;

/** What kiosks call a category in each language: English required, a language left empty shows the English name. */
export function CategoryNames(props: { id: string; named: CatalogCategory | undefined; saved: (category: CatalogCategory) => void }) {
  const { t } = useTexts();
  const action = useAction();
  const [draft, setDraft] = createSignal({ en: props.named?.name.en ?? '', ko: props.named?.name.ko ?? '', ja: props.named?.name.ja ?? '' });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const { en, ko, ja } = draft();
    const name = { en: en.trim(), ...(ko.trim() ? { ko: ko.trim() } : {}), ...(ja.trim() ? { ja: ja.trim() } : {}) };
    void action.run(async () => {
      const category = await api.saveCategory(props.id, name);
      props.saved(category);
      return t('menu.categorySaved', { category: category.name.en });
    });
  };

  return (
    <details class="category-names">
      <summary>{t('menu.categoryNames')}</summary>
      <form onSubmit={submit}>
        <p class="hint">{t('menu.categoryNamesHelp')}</p>
        <For each={LANGUAGES}>
          {(language) => (
            <Field label={t(NAME_LABELS[language])}>
              {(id) => (
                <input
                  id={id}
                  lang={language}
                  value={draft()[language]}
                  onInput={(e) => setDraft({ ...draft(), [language]: e.currentTarget.value })}
                  required={language === 'en'}
                  maxLength={60}
                  autocomplete="off"
                />
              )}
            </Field>
          )}
        </For>
        <button type="submit" class="button" disabled={action.busy()}>
          {t('menu.categorySave')}
        </button>
        <Feedback outcome={action.outcome()} />
      </form>
    </details>
  );
}
