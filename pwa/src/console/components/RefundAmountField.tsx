import { useTexts } from '../text.ts';
import { Field } from './Field.tsx';

/** A refund's amount, as the operator types it, with what is left to refund beside it (online and at a reader alike). */
export function RefundAmountField(props: { currency: string; left: number; value: string; parsed: number | null; onInput: (text: string) => void }) {
  const { t, money } = useTexts();
  return (
    <Field label={t('refund.amount', { currency: props.currency.toUpperCase() })} hint={t('refund.left', { amount: money(props.left, props.currency) })}>
      {(id, hint) => (
        <input
          id={id}
          inputmode="decimal"
          autocomplete="off"
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          aria-invalid={props.parsed === null || props.parsed === 0}
          aria-describedby={hint}
        />
      )}
    </Field>
  );
}
