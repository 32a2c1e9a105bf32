import { createSignal, Show } from 'solid-js';
import { OPERATOR_CANCELED, type InPersonRefundRequest, type InPersonRefundView } from '../../../../shared/api.ts';
import { amountText, parseAmount } from '../format.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';
import { RefundAmountField } from './RefundAmountField.tsx';

/**
 * An in-person refund of an Interac payment, which Stripe refunds only at a reader with the customer's card: the
 * operator starts it (amount, reader), the page says what the customer must do while the reader waits (and lets the
 * operator stop the reader when the customer walked away), and how it ended once the session, read again every few
 * seconds, says so. The amount the button shows is sent, as for online refunds; an empty reader is the kiosk's own.
 */
export function InPersonRefundForm(props: {
  currency: string;
  left: number;
  last: InPersonRefundView | null;
  start: (request: InPersonRefundRequest) => Promise<InPersonRefundView>;
  cancel: () => Promise<InPersonRefundView>;
}) {
  const { t, money } = useTexts();
  const action = useAction();
  // What the operator typed stays while the page reads the session again; null offers all that is left.
  const [typedAmount, setTypedAmount] = createSignal<string | null>(null);
  const [reader, setReader] = createSignal('');
  const amount = () => typedAmount() ?? amountText(props.left, props.currency);
  const parsed = () => parseAmount(amount(), props.currency);
  const waiting = () => props.last?.status === 'in_progress';

  const cancel = () =>
    void action.run(async () => ((await props.cancel()).status === 'succeeded' ? t('inPersonRefund.madeBeforeCancel') : t('inPersonRefund.stopped')));

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = parsed();
    if (value === null || value === 0) return;
    const readerId = reader().trim();
    void action.run(async () => {
      await props.start({ amount: value, ...(readerId ? { readerId } : {}) });
      setTypedAmount(null);
      return t('inPersonRefund.started');
    });
  };

  return (
    <section class="in-person-refund" aria-labelledby="in-person-refund-heading">
      <h3 id="in-person-refund-heading">{t('inPersonRefund.title')}</h3>
      <p>{t('inPersonRefund.intro')}</p>
      <Show when={props.last}>
        {(last) => (
          <>
            <p class={`in-person-refund-state refund-${last().status}`} role="status">
              {last().status === 'in_progress'
                ? t('inPersonRefund.waiting', { reader: last().readerId, amount: money(last().amount, props.currency) })
                : last().status === 'succeeded'
                  ? t('inPersonRefund.succeeded', { reader: last().readerId, amount: money(last().amount, props.currency) })
                  : last().failureCode === OPERATOR_CANCELED
                    ? t('inPersonRefund.cancelled', { reader: last().readerId, amount: money(last().amount, props.currency) })
                    : t('inPersonRefund.failed', {
                        reader: last().readerId,
                        amount: money(last().amount, props.currency),
                        reason: last().failureMessage ?? last().failureCode ?? '',
                      })}
            </p>
            <Show when={last().status === 'in_progress'}>
              <button type="button" onClick={cancel} disabled={action.busy()}>
                {t('inPersonRefund.cancel')}
              </button>
            </Show>
          </>
        )}
      </Show>
      <Show when={props.left > 0 && !waiting()}>
        <form class="refund-form" onSubmit={submit}>
          <RefundAmountField currency={props.currency} left={props.left} value={amount()} parsed={parsed()} onInput={setTypedAmount} />
          <Field label={t('inPersonRefund.reader')} hint={t('inPersonRefund.readerHint')}>
            {(id, hint) => (
              <input id={id} autocomplete="off" spellcheck={false} value={reader()} onInput={(e) => setReader(e.currentTarget.value)} aria-describedby={hint} />
            )}
          </Field>
          <button type="submit" class="primary" disabled={action.busy() || !parsed()}>
            {parsed() ? t('inPersonRefund.submit', { amount: money(parsed()!, props.currency) }) : t('inPersonRefund.submitNone')}
          </button>
        </form>
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
