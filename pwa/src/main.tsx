import { render } from 'solid-js/web';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App.tsx';
import { createPaymentFlow } from './payment-flow.ts';
import './styles.css';

// autoUpdate: a new version activates by itself; the app shell is precached so the kiosk opens offline.
registerSW({ immediate: true });

const flow = createPaymentFlow();
window.addEventListener('offline', flow.connectionLost);
window.addEventListener('online', flow.connectionBack);
document.addEventListener('pointerdown', flow.touch, { passive: true });
document.addEventListener('keydown', flow.touch);

render(() => <App flow={flow} />, document.getElementById('root')!);
void flow.start();
