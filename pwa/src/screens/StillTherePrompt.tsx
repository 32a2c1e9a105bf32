import { createMemo, Show } from 'solid-js';
import { announcesCountdown } from '../idle-prompt.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';
import { Sheet } from './Sheet.tsx';

/**
 * "Are you still there?", with the seconds left: Continue keeps the order (and, while the reader waits, reports
 * progress so the server keeps the payment open); the other answer gives it up at once: Start over clears the order,
 * Cancel payment cancels the payment as Cancel does, back to the order.
 */
export function StillTherePrompt() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  const secondsLeft = createMemo(() => {
    const prompt = kiosk.idle.prompt();
    return prompt.kind === 'asking' ? prompt.secondsLeft : null;
  });
  const duringPayment = () => kiosk.idle.endsBy() === 'server' || kiosk.screen().name === 'declined' || kiosk.screen().name === 'reader_problem';
  const countdown = (seconds: number) => t(duringPayment() ? 'idle.payment' : 'idle.order', { seconds });
  // What a screen reader hears: the countdown now and then, not every second.
  const spoken = createMemo<string>((before) => {
    const seconds = secondsLeft();
    return seconds !== null && announcesCountdown(seconds) ? countdown(seconds) : (before ?? '');
  });
  return (
    <Show when={secondsLeft() !== null}>
      <Sheet labelledBy="still-there-title" describedBy="still-there-countdown" alert onDismiss={() => void kiosk.idle.stillHere()}>
        <h2 id="still-there-title">{t('idle.title')}</h2>
        <p id="still-there-countdown" class="countdown" aria-hidden="true">
          {countdown(secondsLeft() ?? 0)}
        </p>
        <p class="visually-hidden" aria-live="assertive">
          {spoken()}
        </p>
        <div class="actions">
          <button type="button" class="primary big" autofocus onClick={() => void kiosk.idle.stillHere()}>
            {t('idle.continue')}
          </button>
          <Show
            when={duringPayment()}
            fallback={
              <button type="button" class="secondary big" onClick={() => kiosk.toStart()}>
                {t('cart.startOver')}
              </button>
            }
          >
            {/* The customer is here and says so: cancelled as with Cancel, back to their order as it was. */}
            <button type="button" class="secondary big" onClick={() => void kiosk.checkout.cancel()}>
              {t('idle.cancelPayment')}
            </button>
          </Show>
        </div>
      </Sheet>
    </Show>
  );
}
