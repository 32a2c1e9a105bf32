import { createEffect, createSignal, Match, Show, Switch, type Component } from 'solid-js';
import { otherLanguage, type MessageKey } from './i18n.ts';
import { screenNamed, type ScreenName } from './kiosk-screen.ts';
import { Catalog } from './screens/Catalog.tsx';
import { Pairing } from './screens/Pairing.tsx';
import { Cancelled, Failed, PaymentProgress, ReaderProblem, Success } from './screens/Payment.tsx';
import { useKiosk } from './store/kiosk-store.ts';
import { useTexts } from './text.ts';

const HEADLINES: Record<ScreenName, MessageKey> = {
  starting: 'app.loading',
  pairing: 'pairing.title',
  offline: 'offline.title',
  catalog: 'app.title',
  connecting: 'status.connecting',
  waiting_card: 'status.waiting_card',
  processing: 'status.processing',
  success: 'status.success',
  declined: 'status.failed',
  staff_needed: 'status.attention',
  reader_problem: 'status.attention',
  cancelled: 'status.cancelled',
};

/** Only where a card can be chosen: its option texts ("Processing error", card numbers) must not sit next to the status or the last 4. */
const DEV_PANEL_SCREENS: ReadonlySet<ScreenName> = new Set(['catalog', 'connecting', 'waiting_card', 'declined', 'staff_needed']);

export function App() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  const screen = () => kiosk.screen().name;
  // Simulated mode only: the developer panel is a chunk of its own, which kiosks in test and live mode never download.
  const [DevPanel, setDevPanel] = createSignal<Component | null>(null);
  createEffect(() => {
    if (kiosk.connection.mode() === 'simulated') void import('./screens/DevPanel.tsx').then((panel) => setDevPanel(() => panel.DevPanel));
  });
  // A busy reader is no matter for staff: the customer only waits a moment.
  const headline = () => (screenNamed(kiosk.screen(), 'reader_problem')?.problem === 'reader_busy' ? 'status.readerBusy' : HEADLINES[screen()]);

  createEffect(() => {
    document.documentElement.lang = kiosk.language();
    document.title = kiosk.connection.config()?.name ?? 'Kiosk';
  });

  return (
    <div class="kiosk" data-screen={screen()}>
      <header class="topbar">
        <span class="kiosk-name">{kiosk.connection.config()?.name}</span>
        <button type="button" class="language" lang={otherLanguage(kiosk.language())} onClick={() => kiosk.toggleLanguage()}>
          {t('language.toggle')}
        </button>
      </header>

      {/* The one place the status is said, on screen and to screen readers. */}
      <div class="status" role="status" aria-live="polite">
        <h1>{t(headline())}</h1>
        <Show when={kiosk.notice()}>{(key) => <p class="notice">{t(key())}</p>}</Show>
      </div>

      <main class="screen">
        <Switch>
          <Match when={screen() === 'pairing'}>
            <Pairing />
          </Match>
          <Match when={screen() === 'offline'}>
            <p class="explain">{t('offline.body')}</p>
          </Match>
          <Match when={screen() === 'catalog'}>
            <Catalog />
          </Match>
          <Match when={screen() === 'connecting' || screen() === 'waiting_card' || screen() === 'processing'}>
            <PaymentProgress />
          </Match>
          <Match when={screen() === 'success'}>
            <Success />
          </Match>
          <Match when={screen() === 'declined' || screen() === 'staff_needed'}>
            <Failed />
          </Match>
          <Match when={screen() === 'reader_problem'}>
            <ReaderProblem />
          </Match>
          <Match when={screen() === 'cancelled'}>
            <Cancelled />
          </Match>
        </Switch>
      </main>

      <Show when={DEV_PANEL_SCREENS.has(screen()) && DevPanel()} keyed>
        {(Panel) => <Panel />}
      </Show>
    </div>
  );
}
