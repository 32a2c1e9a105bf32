import type { StripeMode } from '../shared/api.ts';

/** What `npm start` prints once the worker answers: the embedded Stripe simulator exists in simulated mode only. */
export function readyBanner(mode: StripeMode): string {
  const simulated = mode === 'simulated';
  const next = simulated
    ? "Pay with the developer panel's test cards; the kiosk pairs itself with the dev kiosk."
    : 'Pair a tablet with the code from POST /api/admin/kiosks/:id/pairing-code.';
  const stop = simulated ? 'Stripe simulator API: http://localhost:8787/v1 (any sk_test_ key)   Stop: Ctrl+C' : 'Stop: Ctrl+C';
  return `\n  Kiosk ready: http://localhost:8787   (${mode} mode)\n  ${next}\n  ${stop}\n`;
}
