import { For, Show } from 'solid-js';
import type { ChangeCause, SessionDetail } from '../../../../shared/api.ts';
import { sessionReference } from '../../../../shared/session-reference.ts';
import { declineReason } from '../../declines.ts';
import { brandName } from '../../card-brand.ts';
import { useAction } from '../components/action.ts';
import { Feedback } from '../components/Feedback.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { InPersonRefundForm } from '../components/InPersonRefundForm.tsx';
import { RefundForm } from '../components/RefundForm.tsx';
import { paths } from '../routes.ts';
import { attentionCause, type AttentionCause } from '../../../../shared/attention-reason.ts';
import { awaitsOperator, canCancel, createSessionDetail, offersRefundAtReader, refundable, refundsAtReader } from '../store/session-detail.ts';
import { useTexts } from '../text.ts';

/** One session: what was sold and paid, its refunds, and every status change with its cause. */
export function SessionPage(props: { sessionId: string }) {
  const { t } = useTexts();
  const model = createSessionDetail(props.sessionId);
  return (
    <>
      <PageTitle title={t('session.title', { id: props.sessionId })} />
      <Loaded of={model.detail}>
        {(detail) => (
          <>
            <Summary detail={detail()} kioskName={model.kioskName()} />
            <Items detail={detail()} />
            <Refunds detail={detail()} model={model} />
            <Timeline detail={detail()} />
            <CancelSession open={canCancel(detail())} cancel={model.cancel} />
            <Show when={detail().session.status === 'requires_attention'}>
              <Handled detail={detail()} markHandled={model.markHandled} />
            </Show>
          </>
        )}
      </Loaded>
    </>
  );
}

function Summary(props: { detail: SessionDetail; kioskName: string }) {
  const { t, money, when, status } = useTexts();
  const attentionText = (cause: AttentionCause, currency: string) =>
    cause.kind === 'amount'
      ? t('attention.amount', { charged: money(cause.charged, currency), ordered: money(cause.ordered, currency) })
      : cause.kind === 'currency'
        ? t('attention.currency', { charged: cause.charged.toUpperCase(), ordered: cause.ordered.toUpperCase() })
        : t(`attention.${cause.kind}`);
  const session = () => props.detail.session;
  return (
    <dl class="facts">
      <div>
        <dt>{t('session.status')}</dt>
        <dd>
          <span class={`status status-${session().status}`}>{status(session().status)}</span>
          <Show when={session().attentionReason}>{(reason) => <span class="hint"> {attentionText(attentionCause(reason()), session().currency)}</span>}</Show>
          <Show when={session().cancellationReason}>{(reason) => <span class="hint"> {t(`cancelled.${reason()}`)}</span>}</Show>
          <Show when={session().declineCode}>{(code) => <span class="hint"> {t('session.declined', { reason: t(`declineReason.${declineReason(code())}`), code: code() })}</span>}</Show>
        </dd>
      </div>
      <div>
        <dt>{t('session.orderNumber')}</dt>
        <dd class="order-number">{session().orderNumber ?? t('session.noOrderNumber')}</dd>
      </div>
      <Show when={session().serviceMode}>
        {(mode) => (
          <div>
            <dt>{t('session.serviceMode')}</dt>
            <dd>{t(`serviceMode.${mode()}`)}</dd>
          </div>
        )}
      </Show>
      <div>
        <dt>{t('session.amount')}</dt>
        <dd>{money(session().amount, session().currency)}</dd>
      </div>
      <Show when={session().tip > 0}>
        <div>
          <dt>{t('session.tip')}</dt>
          <dd>{money(session().tip, session().currency)}</dd>
        </div>
      </Show>
      <div>
        <dt>{t('session.refunded')}</dt>
        <dd>{money(session().refunded, session().currency)}</dd>
      </div>
      <div>
        <dt>{t('session.kiosk')}</dt>
        <dd>
          <a href={paths.kiosk(props.detail.kioskId)}>{props.kioskName}</a>
        </dd>
      </div>
      <div>
        <dt>{t('session.started')}</dt>
        <dd>{when(session().createdAt, props.detail.timeZone)}</dd>
      </div>
      <Show when={session().paidAt}>
        {(paidAt) => (
          <div>
            <dt>{t('session.paidAt')}</dt>
            <dd>{when(paidAt(), props.detail.timeZone)}</dd>
          </div>
        )}
      </Show>
      <div>
        <dt>{t('session.reference')}</dt>
        <dd>
          <code>{sessionReference(session().sessionId)}</code>
        </dd>
      </div>
      <div>
        <dt>{t('session.paymentIntent')}</dt>
        <dd>
          <code>{session().paymentIntentId}</code>
        </dd>
      </div>
      <div>
        <dt>{t('session.charge')}</dt>
        <dd>
          <Show when={props.detail.chargeId} fallback={t('session.noCharge')}>
            <code>{props.detail.chargeId}</code>
          </Show>
        </dd>
      </div>
      <Show when={session().receipt}>
        {(receipt) => (
          <div>
            <dt>{t('session.card')}</dt>
            <dd>
              {brandName(receipt().brand)} •••• {receipt().last4}
              <Show when={receipt().receiptUrl}>
                {(url) => (
                  <>
                    {' '}
                    <a href={url()} target="_blank" rel="noopener noreferrer">
                      {t('session.receipt')}
                    </a>
                  </>
                )}
              </Show>
            </dd>
          </div>
        )}
      </Show>
    </dl>
  );
}

function Items(props: { detail: SessionDetail }) {
  const { t, money, named, list } = useTexts();
  const session = () => props.detail.session;
  return (
    <section aria-labelledby="items-heading">
      <h2 id="items-heading">{t('session.items')}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('session.item')}</th>
              <th scope="col" class="number">
                {t('session.quantity')}
              </th>
              <th scope="col" class="number">
                {t('session.price')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={session().items}>
              {(item) => (
                <tr>
                  <td>
                    <Show when={item.options.length > 0} fallback={named(item.names)}>
                      {t('session.lineName', { item: named(item.names), options: list(item.options.map((option) => named(option.names))) })}
                    </Show>
                  </td>
                  <td class="number">{item.quantity}</td>
                  <td class="number">{money(item.price, session().currency)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Refunds(props: { detail: SessionDetail; model: ReturnType<typeof createSessionDetail> }) {
  const { t, money } = useTexts();
  const session = () => props.detail.session;
  return (
    <section aria-labelledby="refunds-heading">
      <h2 id="refunds-heading">{t('refunds.title')}</h2>
      <Show when={session().refunds.length > 0} fallback={<p>{t('refunds.none')}</p>}>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('refunds.id')}</th>
                <th scope="col" class="number">
                  {t('refunds.amount')}
                </th>
                <th scope="col">{t('refunds.status')}</th>
                <th scope="col">{t('refunds.reason')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={session().refunds}>
                {(refund) => (
                  <tr classList={{ 'refund-failed': refund.status === 'failed' }}>
                    <td>
                      <code>{refund.id}</code>
                    </td>
                    <td class="number">{money(refund.amount, session().currency)}</td>
                    <td>
                      <span class={`status refund-${refund.status}`}>{t(`refundStatus.${refund.status}`)}</span>
                    </td>
                    <td>{refund.reason ? t(`refund.reason.${refund.reason as 'duplicate'}`) : ''}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      {/* Interac: Stripe refuses an online refund, so the form offered is the reader's. */}
      <Show when={offersRefundAtReader(props.detail)}>
        <InPersonRefundForm
          currency={session().currency}
          left={props.detail.refundable}
          last={props.detail.inPersonRefund}
          start={props.model.refundInPerson}
          cancel={props.model.cancelInPersonRefund}
        />
      </Show>
      <Show when={session().status === 'success' && !refundsAtReader(props.detail)}>
        <RefundForm
          currency={session().currency}
          left={refundable(props.detail)}
          refund={props.model.refund}
          draft={props.model.refundDraft()}
          setDraft={props.model.setRefundDraft}
        />
      </Show>
    </section>
  );
}

const causeKey = (cause: ChangeCause) => `cause.${cause.by}` as const;

function Timeline(props: { detail: SessionDetail }) {
  const { t, when, status } = useTexts();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.title')}</h2>
      <ol class="timeline">
        <For each={props.detail.timeline}>
          {(entry) => (
            <li>
              <time datetime={new Date(entry.at).toISOString()}>{when(entry.at, props.detail.timeZone)}</time>{' '}
              <span class={`status status-${entry.status}`}>{status(entry.status)}</span>{' '}
              <span class="cause">
                {t(causeKey(entry))}
                <Show when={entry.by === 'webhook' && entry.eventId}>
                  {(eventId) => (
                    <>
                      {' '}
                      <code>{eventId()}</code>
                    </>
                  )}
                </Show>
              </span>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}

/** Offered while the session is open; its outcome stays in view once it is not (cancelled, or paid meanwhile). */
function CancelSession(props: { open: boolean; cancel: () => Promise<void> }) {
  const { t } = useTexts();
  const action = useAction();
  return (
    <Show when={props.open || action.outcome()}>
      <section aria-labelledby="cancel-heading">
        <h2 id="cancel-heading">{t('session.cancelTitle')}</h2>
        <Show when={props.open}>
          <p>{t('session.cancelHelp')}</p>
          <button type="button" class="danger" disabled={action.busy()} onClick={() => void action.run(async () => (await props.cancel(), t('session.cancelled')))}>
            {t('session.cancel')}
          </button>
        </Show>
        <Feedback outcome={action.outcome()} />
      </section>
    </Show>
  );
}

/** A session that needed an operator: marked handled once they dealt with it, so the live fleet stops flagging it. */
function Handled(props: { detail: SessionDetail; markHandled: () => Promise<void> }) {
  const { t, when } = useTexts();
  const action = useAction();
  return (
    <section aria-labelledby="handled-heading">
      <h2 id="handled-heading">{t('session.handledTitle')}</h2>
      <Show when={awaitsOperator(props.detail)} fallback={<p role="status">{t('session.handled', { time: when(props.detail.handledAt ?? 0, props.detail.timeZone) })}</p>}>
        <p>{t('session.handledHelp')}</p>
        <button type="button" disabled={action.busy()} onClick={() => void action.run(async () => (await props.markHandled(), t('session.handled', { time: when(Date.now(), props.detail.timeZone) })))}>
          {t('session.markHandled')}
        </button>
        <Feedback outcome={action.outcome()} />
      </Show>
    </section>
  );
}
