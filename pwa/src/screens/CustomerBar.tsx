import { createEffect, For } from 'solid-js';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

/**
 * What every customer may choose for themselves, at the bottom of every screen (within a seated reach): the language,
 * each named in itself, and the accessibility mode.
 */
export function CustomerBar() {
  const { choices } = useKiosk();
  const { t } = useTexts();
  createEffect(() => choices.preload());
  return (
    <footer class="customer-bar">
      <div class="languages" role="group" aria-label={t('language.choose')}>
        <For each={choices.languages()}>
          {({ code, file }) => (
            <button
              type="button"
              class="language"
              lang={code}
              aria-pressed={choices.language() === code}
              onClick={() => void choices.choose(code)}
            >
              {file.texts['language.name']}
            </button>
          )}
        </For>
      </div>
      <button type="button" class="access-toggle" aria-pressed={choices.accessible()} onClick={() => choices.toggleAccessible()}>
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
          <circle cx="12" cy="4" r="2" fill="currentColor" />
          <path d="M4 8.5 12 10l8-1.5M12 10v5m0 0-3.5 7M12 15l3.5 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
        {t('access.toggle')}
      </button>
    </footer>
  );
}
