import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import { renderSVG } from 'uqr';
import { PAIRING_CODE_TTL_MS, type PairingCodeResponse } from '../../../../shared/api.ts';
import type { KioskModel } from '../store/kiosk-detail.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';

/**
 * Pairing a tablet without a token in any URL: a one-time code, shown as text to type on the tablet, and as a QR
 * code of the kiosk's address with the code in its fragment (which browsers never send to a server).
 */
export function PairingPanel(props: { model: KioskModel; disabled: boolean; tokenRotatedAt: number }) {
  const { t, clock } = useTexts();
  const action = useAction();
  const [pairing, setPairing] = createSignal<PairingCodeResponse | null>(null);
  // A code past its time no longer pairs: it leaves the screen, and the panel says why. Timed from when it came, not
  // from its `expiresAt`, which is the worker's clock: a computer's clock a few minutes off would misjudge it.
  const [expiredAt, setExpiredAt] = createSignal<number | null>(null);
  let expiry: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(expiry));
  const show = (code: PairingCodeResponse | null) => {
    clearTimeout(expiry);
    setPairing(code);
    if (code) expiry = setTimeout(() => (setPairing(null), setExpiredAt(code.expiresAt)), PAIRING_CODE_TTL_MS);
  };
  // A disabled kiosk's codes stop working: none stays on the screen.
  createEffect(() => props.disabled && show(null));
  // Nor does a code given before the kiosk's token was rotated.
  createEffect(on(() => props.tokenRotatedAt, (at, before) => before !== undefined && at !== before && show(null)));
  const ask = () =>
    void action.run(async () => {
      // A new code replaces the last one, which stops working.
      show(null);
      setExpiredAt(null);
      show(await props.model.pairingCode());
      return '';
    });
  return (
    <section aria-labelledby="pairing-heading">
      <h2 id="pairing-heading">{t('pairing.title')}</h2>
      <p>{t('pairing.help')}</p>
      <Show when={pairing()}>
        {(code) => (
          <div class="pairing">
            <div class="qr" role="img" aria-label={t('pairing.qr')} innerHTML={renderSVG(code().url, { border: 2 })} />
            <div>
              <p>{t('pairing.codeLabel')}</p>
              <p class="pairing-code">{code().code}</p>
              <p>{t('pairing.expires', { time: clock(code().expiresAt) })}</p>
              <p class="hint">
                {t('pairing.orOpen')} <code class="pairing-url">{code().url}</code>
              </p>
            </div>
          </div>
        )}
      </Show>
      <p role="status">
        <Show when={expiredAt()}>{(at) => t('pairing.expired', { time: clock(at()) })}</Show>
      </p>
      <button type="button" class="primary" disabled={action.busy() || props.disabled} onClick={ask}>
        {pairing() || expiredAt() ? t('pairing.again') : t('pairing.ask')}
      </button>
      <Show when={props.disabled}>
        <p class="hint">{t('pairing.disabled')}</p>
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
