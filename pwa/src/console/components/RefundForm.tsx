import { For, Show } from 'solid-js';
import { REFUND_REASONS, type RefundRequest } from '../../../../shared/api.ts';
import type { RefundDraft } from '../store/session-detail.ts';
import { ApiError } from '../../api-error.ts';
import { amountText, parseAmount } from '../format.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';
import { RefundAmountField } from './RefundAmountField.tsx';

/**
 * A full or partial refund of a paid session. The amount starts at what is left; the worker is the judge of what may be
 * refunded (more than was paid is refused, and said so). The amount the button shows is always sent, also for all that
 * is left: on a page older than another operator's refund, "all that is left" would refund less than the button said.
 * What the operator typed (`draft`, kept by the page) stays until their refund is made, or refused as more than is left
 * (a retry after no answer or a 5xx is then one click, with the same key; another refusal leaves the amount they meant);
 * otherwise the field offers what is left as the page reads the session again.
 */
export function RefundForm(props: {
  currency: string;
  left: number;
  refund: (request: RefundRequest) => Promise<{ amount: number }>;
  draft: RefundDraft;
  setDraft: (draft: RefundDraft) => void;
}) {
  const { t, money } = useTexts();
  const action = useAction();
  const amount = () => props.draft.amount ?? amountText(props.left, props.currency);
  const reason = () => props.draft.reason;
  const parsed = () => parseAmount(amount(), props.currency);
  const offerWhatIsLeft = () => props.setDraft({ ...props.draft, amount: null });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = parsed();
    if (value === null || value === 0) return;
    void action.run(async () => {
      const chosen = reason();
      try {
        const made = await props.refund({ amount: value, ...(chosen ? { reason: chosen } : {}) });
        offerWhatIsLeft();
        return t('refund.made', { amount: money(made.amount, props.currency) });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'refund_exceeds_payment') offerWhatIsLeft();
        throw err;
      }
    });
  };

  return (
    <form class="refund-form" onSubmit={submit}>
      {/* Once nothing is left, only what the last refund did stays in view. */}
      <Show when={props.left > 0}>
        <RefundAmountField
          currency={props.currency}
          left={props.left}
          value={amount()}
          parsed={parsed()}
          onInput={(text) => props.setDraft({ ...props.draft, amount: text })}
        />
        <Field label={t('refund.reason')}>
          {(id) => (
            <select id={id} value={reason()} onChange={(e) => props.setDraft({ ...props.draft, reason: e.currentTarget.value as RefundDraft['reason'] })}>
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
