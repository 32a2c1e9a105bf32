import { render } from 'solid-js/web';
import { formatMoney } from '../../shared/money.ts';
import { App } from './App.tsx';
import { ENGLISH } from './i18n.ts';
import { registerServiceWorker } from './service-worker.ts';
import { createKioskStore, KioskProvider } from './store/kiosk-store.ts';
import './styles.css';

/** A tablet stays open for days and browsers look for a new service worker only on a navigation: look every hour. */
const NEW_VERSION_CHECK_MS = 60 * 60_000;

const kiosk = createKioskStore();
// The app shell is precached so the kiosk opens offline. A new deployment's service worker waits (its precache would
// drop the running page's chunks) until the kiosk is on its start screen, then takes over and the page reloads.
const takeNewVersion = registerServiceWorker(
  () => kiosk.newVersionWaiting(() => void takeNewVersion()),
  (registration) => {
    // Offline, the check fails: the next hour's tries again.
    if (registration) setInterval(() => registration.update().catch(() => undefined), NEW_VERSION_CHECK_MS);
  },
);
window.addEventListener('offline', kiosk.connection.browserOffline);
window.addEventListener('online', kiosk.connection.browserOnline);
document.addEventListener('pointerdown', kiosk.idle.touch, { passive: true });
document.addEventListener('keydown', kiosk.idle.touch);

render(
  () => (
    <KioskProvider value={kiosk}>
      <App />
    </KioskProvider>
  ),
  document.getElementById('root')!,
);
void kiosk.connection.start();
// The first price a page formats loads the browser's number and currency data (a third of a second on a slow tablet):
// loaded now, while the kiosk waits for its configuration, instead of when the first customer taps.
formatMoney(0, 'usd', ENGLISH.locale);
