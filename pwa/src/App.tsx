import { createEffect, Match, Show, Switch } from 'solid-js';
import { otherLanguage, type MessageKey } from './i18n.ts';
import type { FlowStatus, PaymentFlow } from './payment-flow.ts';
import { Catalog } from './screens/Catalog.tsx';
import { DevPanel } from './screens/DevPanel.tsx';
import { Pairing } from './screens/Pairing.tsx';
import { Cancelled, Declined, PaymentProgress, Success } from './screens/Payment.tsx';
import { textsFor } from './text.ts';

const HEADLINES: Record<Exclude<FlowStatus, 'failed'>, MessageKey> = {
  starting: 'app.loading',
  pairing: 'pairing.title',
  offline: 'offline.title',
  idle: 'app.title',
  connecting: 'status.connecting',
  waiting_card: 'status.waiting_card',
  processing: 'status.processing',
  success: 'status.success',
  cancelled: 'status.cancelled',
};

const DEV_PANEL_STATUSES: ReadonlySet<FlowStatus> = new Set(['idle', 'connecting', 'waiting_card', 'failed']);

export function App(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t } = textsFor(flow);
  const status = flow.status;
  const headline = () => {
    const current = status();
    return t(current === 'failed' ? (flow.failure()?.headline ?? 'status.failed') : HEADLINES[current]);
  };

  createEffect(() => {
    document.documentElement.lang = flow.language();
    document.title = flow.kiosk()?.name ?? 'Kiosk';
  });

  return (
    <div class="kiosk" data-status={status()}>
      <header class="topbar">
        <span class="kiosk-name">{flow.kiosk()?.name}</span>
        <button type="button" class="language" lang={otherLanguage(flow.language())} onClick={() => flow.toggleLanguage()}>
          {t('language.toggle')}
        </button>
      </header>

      {/* The one place the status is said, on screen and to screen readers. */}
      <div class="status" role="status" aria-live="polite">
        <h1>{headline()}</h1>
        <Show when={flow.notice()}>{(key) => <p class="notice">{t(key())}</p>}</Show>
      </div>

      <main class="screen">
        <Switch>
          <Match when={status() === 'pairing'}>
            <Pairing flow={flow} />
          </Match>
          <Match when={status() === 'offline'}>
            <p class="explain">{t('offline.body')}</p>
          </Match>
          <Match when={status() === 'idle'}>
            <Catalog flow={flow} />
          </Match>
          <Match when={status() === 'connecting' || status() === 'waiting_card' || status() === 'processing'}>
            <PaymentProgress flow={flow} />
          </Match>
          <Match when={status() === 'success'}>
            <Success flow={flow} />
          </Match>
          <Match when={status() === 'failed'}>
            <Declined flow={flow} />
          </Match>
          <Match when={status() === 'cancelled'}>
            <Cancelled flow={flow} />
          </Match>
        </Switch>
      </main>

      {/* Only where a card can be chosen: its option texts ("Processing error", card numbers) must not sit next to the status or the last 4. */}
      <Show when={flow.mode() === 'simulated' && DEV_PANEL_STATUSES.has(status())}>
        <DevPanel flow={flow} />
      </Show>
    </div>
  );
}
