import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { REFUND_REASONS, type RefundRequest } from '../../../../shared/api.ts';
import { ApiError } from '../../api-error.ts';
import { amountText, parseAmount } from '../format.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';

type Reason = (typeof REFUND_REASONS)[number];

/**
 * A full or partial refund of a paid session. The amount starts at what is left; the worker is the judge of what may be
 * refunded (more than was paid is refused, and said so). The amount the button shows is always sent, also for all that
 * is left: on a page older than another operator's refund, "all that is left" would refund less than the button said.
 */
export function RefundForm(props: { currency: string; left: number; refund: (request: RefundRequest) => Promise<{ amount: number }> }) {
  const { t, money } = useTexts();
  const action = useAction();
  const [amount, setAmount] = createSignal(amountText(props.left, props.currency));
  const [reason, setReason] = createSignal<Reason | ''>('');
  const parsed = () => parseAmount(amount(), props.currency);
  // What the operator typed stays until their refund is made, or refused as more than is left (a retry after no answer
  // or a 5xx is then one click, with the same key; another refusal leaves the amount they meant); otherwise the field
  // offers what is left as the page reads the session again.
  let typed = false;
  createEffect(
    on(
      () => props.left,
      (left) => {
        if (!typed) setAmount(amountText(left, props.currency));
      },
      { defer: true },
    ),
  );

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = parsed();
    if (value === null || value === 0) return;
    void action.run(async () => {
      try {
        const made = await props.refund({ amount: value, ...(reason() ? { reason: reason() as Reason } : {}) });
        typed = false;
        return t('refund.made', { amount: money(made.amount, props.currency) });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'refund_exceeds_payment') typed = false;
        throw err;
      }
    });
  };

  return (
    <form class="refund-form" onSubmit={submit}>
      {/* Once nothing is left, only what the last refund did stays in view. */}
      <Show when={props.left > 0}>
        <Field label={t('refund.amount', { currency: props.currency.toUpperCase() })} hint={t('refund.left', { amount: money(props.left, props.currency) })}>
          {(id, hint) => (
            <input
              id={id}
              inputmode="decimal"
              autocomplete="off"
              value={amount()}
              onInput={(e) => {
                typed = true;
                setAmount(e.currentTarget.value);
              }}
              aria-invalid={parsed() === null || parsed() === 0}
              aria-describedby={hint}
            />
          )}
        </Field>
        <Field label={t('refund.reason')}>
          {(id) => (
            <select id={id} value={reason()} onChange={(e) => setReason(e.currentTarget.value as Reason | '')}>
              <option value="">{t('refund.noReason')}</option>
              <For each={REFUND_REASONS}>{(r) => <option value={r}>{t(`refund.reason.${r}`)}</option>}</For>
            </select>
          )}
        </Field>
        <button type="submit" class="primary" disabled={action.busy() || !parsed()}>
          {parsed() ? t('refund.submit', { amount: money(parsed()!, props.currency) }) : t('refund.submitNone')}
        </button>
      </Show>
      <Feedback outcome={action.outcome()} />
    </form>
  );
}
