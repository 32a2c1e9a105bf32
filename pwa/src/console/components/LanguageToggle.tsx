import { For } from 'solid-js';
import { CONSOLE_LANGUAGES, LANGUAGE_NAMES } from '../i18n.ts';
import { useConsole } from '../store/console-store.ts';

/** Switches to each other language the console speaks, each button named in its own language. */
export function LanguageToggle() {
  const store = useConsole();
  return (
    <For each={CONSOLE_LANGUAGES.filter((language) => language !== store.language())}>
      {(language) => (
        <button type="button" class="language" lang={language} onClick={() => store.chooseLanguage(language)}>
          {LANGUAGE_NAMES[language]}
        </button>
      )}
    </For>
  );
}
