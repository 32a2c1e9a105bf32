import { createSignal, Show } from 'solid-js';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

export function Pairing() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  const [token, setToken] = createSignal('');
  const rejected = () => {
    const screen = kiosk.screen();
    return screen.name === 'pairing' && screen.rejected;
  };
  return (
    <form
      class="pairing"
      onSubmit={(event) => {
        event.preventDefault();
        void kiosk.connection.pair(token());
      }}
    >
      <p class="explain">{t('pairing.body')}</p>
      <label for="pairing-token">{t('pairing.label')}</label>
      <input
        id="pairing-token"
        type="password"
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        value={token()}
        onInput={(event) => setToken(event.currentTarget.value)}
      />
      <Show when={rejected()}>
        <p class="error" role="alert">
          {t('pairing.rejected')}
        </p>
      </Show>
      <button type="submit" class="primary big" disabled={token().trim() === ''}>
        {t('pairing.submit')}
      </button>
    </form>
  );
}
