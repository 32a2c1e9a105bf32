import { For, Show } from 'solid-js';
import { renderSVG } from 'uqr';
import { brandName } from '../flow-decisions.ts';
import type { PaymentFlow } from '../payment-flow.ts';
import { textsFor } from '../text.ts';

/** Connecting, waiting for the card, processing: the amount stays in view the whole time. */
export function PaymentProgress(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t, money } = textsFor(flow);
  const cancellable = () => flow.status() === 'connecting' || flow.status() === 'waiting_card';
  return (
    <div class="payment">
      <Show when={flow.session()}>
        {(session) => (
          <>
            <p class="amount-label">{t('payment.amount')}</p>
            <p class="amount">{money(session().amount, session().currency)}</p>
            <ul class="summary">
              <For each={session().items}>
                {(item) => (
                  <li>
                    {item.name} ×{item.quantity}
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </Show>
      <Show when={flow.status() === 'waiting_card'}>
        <div class="card-hint" aria-hidden="true" />
      </Show>
      <Show when={flow.status() === 'processing'}>
        <p class="explain">{t('status.processingHint')}</p>
      </Show>
      <Show when={cancellable()}>
        <button type="button" class="secondary big" onClick={() => void flow.cancel()}>
          {t('payment.cancel')}
        </button>
      </Show>
    </div>
  );
}

export function Success(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t, money } = textsFor(flow);
  const receipt = () => flow.paid()?.receipt ?? null;
  const receiptQr = (url: string) => renderSVG(url, { border: 2, pixelSize: 6 });
  return (
    <div class="payment success">
      <Show when={flow.paid()}>
        {(paid) => <p class="amount">{money(paid().amount, paid().currency)}</p>}
      </Show>
      <Show when={receipt()}>
        {(card) => <p class="card-used">{t('payment.card', { brand: brandName(card().brand), last4: card().last4 })}</p>}
      </Show>
      <Show when={receipt()?.receiptUrl}>
        {(url) => (
          <figure class="receipt-qr">
            {/* uqr draws the SVG itself; the URL only decides which modules are dark. */}
            <div role="img" aria-label={t('payment.receiptQr')} innerHTML={receiptQr(url())} />
            <figcaption>{t('payment.receiptQr')}</figcaption>
          </figure>
        )}
      </Show>
      <p class="explain">{t('payment.returning', { seconds: flow.secondsLeft() })}</p>
      <button type="button" class="primary big" onClick={() => flow.newOrder()}>
        {t('payment.done')}
      </button>
    </div>
  );
}

/** A declined card (try another one on the same payment) or a payment that needs staff. */
export function Declined(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t } = textsFor(flow);
  return (
    <div class="payment failed">
      <Show when={flow.failure()}>{(failure) => <p class="reason">{t(failure().messageKey)}</p>}</Show>
      <Show
        when={flow.failure()?.canRetry}
        fallback={
          <button type="button" class="primary big" onClick={() => flow.newOrder()}>
            {t('payment.done')}
          </button>
        }
      >
        <div class="actions">
          <button type="button" class="primary big" onClick={() => flow.tryAnotherCard()}>
            {t('payment.tryAnotherCard')}
          </button>
          <button type="button" class="secondary big" onClick={() => void flow.cancel()}>
            {t('payment.cancel')}
          </button>
        </div>
      </Show>
    </div>
  );
}

export function Cancelled(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t } = textsFor(flow);
  return (
    <div class="payment cancelled">
      <button type="button" class="primary big" onClick={() => flow.newOrder()}>
        {t('payment.done')}
      </button>
    </div>
  );
}
