import { createSignal, Show } from 'solid-js';
import { screenNamed } from '../kiosk-screen.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

/** Typed in by whoever installs the kiosk, from the code the admin console shows (a scanned QR code needs no typing). */
export function Pairing() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  const [code, setCode] = createSignal('');
  const problem = () => screenNamed(kiosk.screen(), 'pairing')?.problem ?? null;
  return (
    <form
      class="pairing"
      onSubmit={(event) => {
        event.preventDefault();
        void kiosk.connection.pair(code());
      }}
    >
      <p class="explain">{t('pairing.body')}</p>
      <label for="pairing-code">{t('pairing.label')}</label>
      <input
        id="pairing-code"
        type="text"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        placeholder="ABCD-EFGH"
        value={code()}
        onInput={(event) => setCode(event.currentTarget.value)}
      />
      <Show when={problem()}>
        {(key) => (
          <p class="error" role="alert">
            {t(key())}
          </p>
        )}
      </Show>
      <button type="submit" class="primary big" disabled={code().trim() === ''}>
        {t('pairing.submit')}
      </button>
    </form>
  );
}
