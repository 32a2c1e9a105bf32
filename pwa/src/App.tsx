import { createEffect, createMemo, createSignal, lazy, Match, on, onMount, Show, Switch, type Component } from 'solid-js';
import { notACardDecline } from './declines.ts';
import type { MessageKey } from './i18n.ts';
import { screenNamed, type ScreenName } from './kiosk-screen.ts';
import { Attract } from './screens/Attract.tsx';
import { Catalog } from './screens/Catalog.tsx';
import { CustomerBar } from './screens/CustomerBar.tsx';
import { Offline } from './screens/Offline.tsx';
import { StaffReference } from './screens/StaffReference.tsx';
import { useKiosk } from './store/kiosk-store.ts';
import { useTexts } from './text.ts';

// Screens that are not the first one a customer sees are chunks of their own: the start screen does not wait for them.
// They load right after it (and a kiosk's service worker keeps them for offline use).
const paymentScreens = () => import('./screens/Payment.tsx');
const PaymentProgress = lazy(() => paymentScreens().then((screens) => ({ default: screens.PaymentProgress })));
const Success = lazy(() => paymentScreens().then((screens) => ({ default: screens.Success })));
const Failed = lazy(() => paymentScreens().then((screens) => ({ default: screens.Failed })));
const ReaderProblem = lazy(() => paymentScreens().then((screens) => ({ default: screens.ReaderProblem })));
const Cancelled = lazy(() => paymentScreens().then((screens) => ({ default: screens.Cancelled })));
const ServiceMode = lazy(() => import('./screens/ServiceMode.tsx').then((screen) => ({ default: screen.ServiceMode })));
const Pairing = lazy(() => import('./screens/Pairing.tsx').then((screen) => ({ default: screen.Pairing })));
// Asked a minute after the last touch at the soonest: loaded right after the start screen like the payment screens.
const stillTherePrompt = () => import('./screens/StillTherePrompt.tsx');
const StillTherePrompt = lazy(() => stillTherePrompt().then((prompt) => ({ default: prompt.StillTherePrompt })));

const HEADLINES: Record<Exclude<ScreenName, 'starting'>, MessageKey> = {
  pairing: 'pairing.title',
  offline: 'offline.title',
  attract: 'attract.title',
  catalog: 'app.title',
  service_mode: 'service.title',
  connecting: 'status.connecting',
  waiting_card: 'status.waiting_card',
  processing: 'status.processing',
  success: 'status.success',
  declined: 'status.failed',
  staff_needed: 'status.attention',
  reader_problem: 'status.attention',
  cancelled: 'status.cancelled',
};

/** index.html's title, until the kiosk's name is known, and its start text: in every language of the app, for free. */
const START_TITLE = document.title;
const STARTING = document.getElementById('root')!.dataset.starting;

/** Only where a card can be chosen: its option texts ("Processing error", card numbers) must not sit next to the status or the last 4. */
const DEV_PANEL_SCREENS: ReadonlySet<ScreenName> = new Set(['catalog', 'connecting', 'waiting_card', 'declined', 'staff_needed']);

export function App() {
  const kiosk = useKiosk();
  const { t } = useTexts();
  // A memo: the kiosk's state changes with every cart change too, and only a new screen moves focus to its heading.
  const screen = createMemo(() => kiosk.screen().name);
  // Simulated mode only: the developer panel is a chunk of its own, which kiosks in test and live mode never download.
  const [DevPanel, setDevPanel] = createSignal<Component | null>(null);
  createEffect(() => {
    if (kiosk.connection.mode() === 'simulated') void import('./screens/DevPanel.tsx').then((panel) => setDevPanel(() => panel.DevPanel));
  });
  // A busy reader is no matter for staff: the customer only waits a moment. A reader that stopped declined no card.
  const headline = (shown: Exclude<ScreenName, 'starting'>): MessageKey => {
    if (screenNamed(kiosk.screen(), 'reader_problem')?.problem === 'reader_busy') return 'status.readerBusy';
    if (screenNamed(kiosk.screen(), 'connecting')?.cancelling) return 'status.cancelling';
    if (notACardDecline(screenNamed(kiosk.screen(), 'declined')?.reason)) return 'status.readerStopped';
    return HEADLINES[shown];
  };

  createEffect(() => {
    document.documentElement.lang = kiosk.language();
    // On the root, so rem-sized text and the dialogs (drawn above the page) follow it too.
    document.documentElement.classList.toggle('accessible', kiosk.choices.accessible());
    document.title = kiosk.connection.config()?.name ?? START_TITLE;
  });

  onMount(() => setTimeout(() => void Promise.all([paymentScreens(), import('./screens/ServiceMode.tsx'), stillTherePrompt()])));

  // After every screen change, a screen reader (or a keyboard) starts at the new screen's heading. Each screen has a
  // heading of its own (keyed below): focusing the heading that already has focus would tell a screen reader nothing.
  let heading: HTMLHeadingElement | undefined;
  createEffect(on(screen, () => heading?.focus({ preventScroll: true })));

  return (
    <div class="kiosk" data-screen={screen()}>
      {/* Nothing to touch up here: in accessibility mode this part keeps the top of the screen, out of a seated reach. */}
      <header class="top">
        <div class="topbar">
          <span class="kiosk-name">{kiosk.connection.config()?.name}</span>
        </div>
        <div class="headline">
          <Show when={screen()} keyed>
            {(shown) => (
              <h1 tabindex="-1" ref={heading}>
                {shown === 'starting' ? STARTING : t(headline(shown))}
              </h1>
            )}
          </Show>
          {/* Passing remarks (reader lost, connection dropped, checking the payment) are said as they come. */}
          <div role="status" aria-live="polite">
            <Show when={kiosk.notice()}>{(key) => <p class="notice">{t(key())}</p>}</Show>
            {/* An order the worker refused after opening its checkout: staff find that checkout by its reference. */}
            <Show when={kiosk.notice() === 'cart.orderFailed'}>
              <StaffReference reference={kiosk.checkout.reference()} />
            </Show>
          </div>
        </div>
      </header>

      <main class="screen">
        <Switch>
          <Match when={screen() === 'pairing'}>
            <Pairing />
          </Match>
          <Match when={screen() === 'offline'}>
            <Offline />
          </Match>
          <Match when={screen() === 'attract'}>
            <Attract />
          </Match>
          <Match when={screen() === 'catalog'}>
            <Catalog />
          </Match>
          <Match when={screen() === 'service_mode'}>
            <ServiceMode />
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

      <Show when={screen() !== 'starting'}>
        <CustomerBar />
      </Show>
      {/* Cart changes, and why a payment did not go through, for screen readers. */}
      <p class="visually-hidden" aria-live="polite">
        {kiosk.announcement()}
      </p>
      <StillTherePrompt />

      <Show when={DEV_PANEL_SCREENS.has(screen()) && DevPanel()} keyed>
        {(Panel) => <Panel />}
      </Show>
    </div>
  );
}
