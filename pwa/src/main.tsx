import { render } from 'solid-js/web';
import { registerSW } from 'virtual:pwa-register';
import { formatMoney } from '../../shared/money.ts';
import { App } from './App.tsx';
import { ENGLISH } from './i18n.ts';
import { createKioskStore, KioskProvider } from './store/kiosk-store.ts';
import './styles.css';

// autoUpdate: a new version activates by itself; the app shell is precached so the kiosk opens offline.
registerSW({ immediate: true });

const kiosk = createKioskStore();
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
