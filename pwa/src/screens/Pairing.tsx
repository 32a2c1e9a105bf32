import { createSignal, Show } from 'solid-js';
import type { PaymentFlow } from '../payment-flow.ts';
import { textsFor } from '../text.ts';

export function Pairing(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t } = textsFor(flow);
  const [token, setToken] = createSignal('');
  return (
    <form
      class="pairing"
      onSubmit={(event) => {
        event.preventDefault();
        void flow.pair(token());
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
      <Show when={flow.pairingRejected()}>
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
