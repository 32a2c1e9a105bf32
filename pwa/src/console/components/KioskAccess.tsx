import { createSignal, Show } from 'solid-js';
import type { KioskView } from '../../../../shared/api.ts';
import type { KioskModel } from '../store/kiosk-detail.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';

/**
 * Cutting a tablet off: disabling stops the kiosk at once (and enabling lets it back); rotating its token signs its
 * tablet out, which then pairs again with a code. Both ask before they act.
 */
export function KioskAccess(props: { kiosk: KioskView; model: KioskModel }) {
  const { t, when } = useTexts();
  const action = useAction();
  const [confirming, setConfirming] = createSignal<'disable' | 'rotate' | null>(null);
  const act = (work: () => Promise<void>, done: string) => {
    setConfirming(null);
    void action.run(async () => (await work(), done));
  };
  return (
    <section aria-labelledby="access-heading">
      <h2 id="access-heading">{t('access.title')}</h2>
      <p>
        <span class="badge" classList={{ good: !props.kiosk.disabled, bad: props.kiosk.disabled }}>
          {props.kiosk.disabled ? t('access.disabled') : t('access.enabled')}
        </span>{' '}
        <span class="hint">{t('access.rotatedAt', { time: when(props.kiosk.tokenRotatedAt) })}</span>
      </p>
      <Show
        when={confirming()}
        fallback={
          <div class="buttons">
            <Show
              when={props.kiosk.disabled}
              fallback={
                <button type="button" class="danger" disabled={action.busy()} onClick={() => setConfirming('disable')}>
                  {t('access.disable')}
                </button>
              }
            >
              <button type="button" disabled={action.busy()} onClick={() => act(() => props.model.setDisabled(false), t('access.wasEnabled'))}>
                {t('access.enable')}
              </button>
            </Show>
            <button type="button" disabled={action.busy()} onClick={() => setConfirming('rotate')}>
              {t('access.rotate')}
            </button>
          </div>
        }
      >
        {(what) => (
          <div class="confirm">
            <p role="alert">{what() === 'disable' ? t('access.disableConfirm') : t('access.rotateConfirm')}</p>
            <div class="buttons">
              <button
                type="button"
                class="danger"
                onClick={() =>
                  what() === 'disable'
                    ? act(() => props.model.setDisabled(true), t('access.wasDisabled'))
                    : act(() => props.model.rotateToken(), t('access.rotated'))
                }
              >
                {what() === 'disable' ? t('access.disableYes') : t('access.rotateYes')}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                {t('access.keep')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
