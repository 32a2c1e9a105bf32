import { For } from 'solid-js';
import type { MessageKey } from '../i18n.ts';
import type { NamesDraft } from '../store/option-groups-draft.ts';
import { useTexts } from '../text.ts';
import { Field } from './Field.tsx';

const LANGUAGES = ['en', 'ko', 'ja'] as const;

/** The labels of an item's (or a category's) name fields. */
export const ITEM_NAME_LABELS = { en: 'item.nameEn', ko: 'item.nameKo', ja: 'item.nameJa' } as const;

/** A name as typed in each language the kiosks speak: English (marked required where the form says so), Korean, Japanese. */
export function NameFields(props: {
  label: (language: keyof NamesDraft) => MessageKey;
  names: NamesDraft;
  change: (names: NamesDraft) => void;
  requireEnglish?: boolean;
}) {
  const { t } = useTexts();
  return (
    <For each={LANGUAGES}>
      {(language) => (
        <Field label={t(props.label(language))}>
          {(id) => (
            <input
              id={id}
              lang={language}
              value={props.names[language]}
              onInput={(e) => props.change({ ...props.names, [language]: e.currentTarget.value })}
              required={props.requireEnglish === true && language === 'en'}
              maxLength={60}
              autocomplete="off"
            />
          )}
        </Field>
      )}
    </For>
  );
}
