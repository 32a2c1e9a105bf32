import { Show } from 'solid-js';
import { useTexts } from '../text.ts';

/** The short reference staff type in the console's sessions list to find this payment. */
export function StaffReference(props: { reference: string | null }) {
  const { t } = useTexts();
  return (
    <Show when={props.reference}>
      {(reference) => <p class="reference">{t('payment.reference', { reference: reference() })}</p>}
    </Show>
  );
}
