import { Show } from 'solid-js';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';
import { StaffReference } from './StaffReference.tsx';

/**
 * No connection. A customer whose payment was under way learns where it stands: their order is kept, or their card may
 * already have been charged and they must not pay again; either way with the reference staff can look up.
 */
export function Offline() {
  const { checkout } = useKiosk();
  const { t } = useTexts();
  // Read once, as the screen opens: what the tablet remembers of the payment does not change while it is offline.
  const inFlight = checkout.inFlight();
  return (
    <div class="payment">
      <Show when={inFlight.payment !== 'none'} fallback={<p class="explain">{t('offline.body')}</p>}>
        <p class="reason">{t(inFlight.payment === 'checking' ? 'offline.checking' : 'offline.kept')}</p>
        <StaffReference reference={inFlight.reference} />
      </Show>
    </div>
  );
}
