import { createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import type { SessionLine } from '../../../shared/api.ts';
import { brandName } from '../card-brand.ts';
import { notACardDecline } from '../declines.ts';
import type { MessageKey } from '../i18n.ts';
import { announcesCountdown } from '../idle-prompt.ts';
import { canCancel, screenNamed, type ReaderProblem as Problem } from '../kiosk-screen.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';
import { CardReaderPicture } from './CardReaderPicture.tsx';
import { StaffReference } from './StaffReference.tsx';

function CancelButton() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  return (
    <button type="button" class="secondary big" onClick={() => void kiosk.checkout.cancel()}>
      {t('payment.cancel')}
    </button>
  );
}

/** What the order holds, each line with its options, in the customer's language. */
function OrderSummary(props: { lines: SessionLine[] }) {
  const { t, named, lineName } = useTexts();
  return (
    <ul class="summary">
      <For each={props.lines}>
        {(line) => (
          <li>
            {lineName(named(line), line.options.map(named))}{' '}
            <span role="img" aria-label={t('cart.inOrder', { count: line.quantity })}>
              ×{line.quantity}
            </span>
          </li>
        )}
      </For>
    </ul>
  );
}

/** Connecting, waiting for the card, processing: the amount stays in view the whole time. */
export function PaymentProgress() {
  const kiosk = useKiosk();
  const { t, money } = useTexts();
  return (
    <div class="payment">
      <Show when={kiosk.checkout.session()}>
        {(session) => (
          <>
            <p class="amount-label">{t('payment.amount')}</p>
            <p class="amount">{money(session().amount, session().currency)}</p>
            <OrderSummary lines={session().items} />
          </>
        )}
      </Show>
      <Show when={kiosk.screen().name === 'waiting_card'}>
        <div class="card-hint">
          <CardReaderPicture />
          <div>
            <p class="where">{t('waiting.reader')}</p>
            <p>{t('waiting.wallets')}</p>
          </div>
        </div>
      </Show>
      <Show when={kiosk.screen().name === 'processing'}>
        <p class="explain">{t('status.processingHint')}</p>
      </Show>
      <Show when={canCancel(kiosk.screen())}>
        <div class="actions">
          <CancelButton />
        </div>
      </Show>
    </div>
  );
}

/** Paid: the order number, large, with what was paid and how; it stays until "Done", or half a minute. */
export function Success() {
  const kiosk = useKiosk();
  const { t, money } = useTexts();
  const paid = () => screenNamed(kiosk.screen(), 'success')?.paid;
  const receipt = () => paid()?.receipt ?? null;
  const orderNumber = () => kiosk.checkout.session()?.orderNumber ?? null;
  announceWhileShown(() => {
    const number = orderNumber();
    return number === null ? undefined : t('payment.orderNumberSaid', { number });
  });
  // What a screen reader hears of the way back to the start: now and then, as "Are you still there?" counts down.
  const spokenCountdown = createMemo<string>((before) => {
    const seconds = kiosk.secondsLeft();
    return announcesCountdown(seconds) ? t('payment.returning', { seconds }) : (before ?? '');
  });
  // The QR encoder is a chunk of its own, loaded for this screen: the menu does not wait for it.
  const [receiptQr, setReceiptQr] = createSignal<string | null>(null);
  createEffect(() => {
    const url = receipt()?.receiptUrl;
    if (url) void import('uqr').then(({ renderSVG }) => setReceiptQr(renderSVG(url, { border: 2, pixelSize: 6 })));
  });
  return (
    <div class="payment success">
      <div class="order-number">
        <Show when={orderNumber()} fallback={<p>{t('payment.orderNumberSoon')}</p>}>
          {(number) => (
            <>
              <p class="order-number-label">{t('payment.orderNumber')}</p>
              <p class="order-number-value">{number()}</p>
            </>
          )}
        </Show>
      </div>
      <Show when={paid()}>
        {(result) => (
          <>
            <p class="amount">{money(result().amount + result().tip, result().currency)}</p>
            <Show when={result().tip > 0}>
              <p class="tip">{t('payment.tip', { amount: money(result().tip, result().currency) })}</p>
            </Show>
          </>
        )}
      </Show>
      <Show when={receipt()}>
        {(card) => <p class="card-used">{t('payment.card', { brand: brandName(card().brand), last4: card().last4 })}</p>}
      </Show>
      <Show when={kiosk.checkout.session()?.serviceMode}>{(mode) => <p class="service-mode">{t(`service.${mode()}`)}</p>}</Show>
      <Show when={receiptQr()}>
        {(svg) => (
          <figure class="receipt-qr">
            {/* uqr draws the SVG itself; the URL only decides which modules are dark. */}
            <div role="img" aria-label={t('payment.receiptQr')} innerHTML={svg()} />
            <figcaption>{t('payment.receiptQr')}</figcaption>
          </figure>
        )}
      </Show>
      <p class="explain" aria-hidden="true">
        {t('payment.returning', { seconds: kiosk.secondsLeft() })}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {spokenCountdown()}
      </p>
      <div class="actions">
        <button type="button" class="primary big" onClick={() => kiosk.newOrder()}>
          {t('payment.finish')}
        </button>
      </div>
    </div>
  );
}

/**
 * Focus goes to the heading; why (and what to do) is said by the kiosk's announcements, a live region there before this
 * screen (one inserted with its text is not heard). Cleared on leaving, so the same words on the next such screen (after
 * another card, or Try again) are heard again.
 */
function announceWhileShown(message: () => string | undefined) {
  const kiosk = useKiosk();
  createEffect(() => {
    const said = message();
    if (said) kiosk.announce(said);
  });
  onCleanup(() => kiosk.announce(''));
}

/** A declined card (try another one on the same payment) or a payment that needs staff, with its reference. */
export function Failed() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  const declined = () => screenNamed(kiosk.screen(), 'declined');
  const reason = () => declined()?.reason ?? screenNamed(kiosk.screen(), 'staff_needed')?.reason;
  announceWhileShown(() => {
    const key = reason();
    return key && t(key);
  });
  return (
    <div class="payment failed">
      <Show when={reason()}>{(key) => <p class="reason">{t(key())}</p>}</Show>
      <Show
        when={declined()}
        fallback={
          <>
            <StaffReference reference={kiosk.checkout.reference()} />
            <div class="actions">
              <button type="button" class="primary big" onClick={() => kiosk.newOrder()}>
                {t('payment.done')}
              </button>
            </div>
          </>
        }
      >
        <div class="actions">
          <button type="button" class="primary big" onClick={() => kiosk.checkout.tryAgain()}>
            {t(notACardDecline(declined()?.reason) ? 'payment.tryAgain' : 'payment.tryAnotherCard')}
          </button>
          <CancelButton />
        </div>
      </Show>
    </div>
  );
}

const PROBLEMS: Record<Problem, MessageKey> = {
  local_network_blocked: 'reader.localNetworkBlocked',
  reader_update_required: 'reader.updateRequired',
  reader_software_unavailable: 'reader.softwareUnavailable',
  reader_offline: 'reader.offline',
  reader_busy: 'reader.busyNow',
  no_reader: 'reader.none',
};

/** The reader cannot take the payment (mostly until a member of staff acts): what to do, then try again. */
export function ReaderProblem() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  const problem = () => screenNamed(kiosk.screen(), 'reader_problem')?.problem;
  announceWhileShown(() => {
    const which = problem();
    return which && t(PROBLEMS[which]);
  });
  return (
    <div class="payment failed">
      <Show when={problem()}>{(which) => <p class="reason">{t(PROBLEMS[which()])}</p>}</Show>
      <StaffReference reference={kiosk.checkout.reference()} />
      <div class="actions">
        <button type="button" class="primary big" onClick={() => kiosk.checkout.tryAgain()}>
          {t('payment.tryAgain')}
        </button>
        <CancelButton />
      </div>
    </div>
  );
}

/** Cancelled: back to the order as it was, in a moment or at once. */
export function Cancelled() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  return (
    <div class="payment cancelled">
      <div class="actions">
        <button type="button" class="primary big" onClick={() => kiosk.backToOrder()}>
          {t('payment.backToOrder')}
        </button>
      </div>
    </div>
  );
}
