import type { StripeMode } from '../shared/api.ts';

export interface BannerOptions {
  /** The secrets file that sets ADMIN_TOKEN (`.dev.vars` or `.env`), if one does. */
  adminTokenFile?: string;
}

/** What `npm start` prints once the worker answers: the embedded Stripe simulator exists in simulated mode only. */
export function readyBanner(mode: StripeMode, { adminTokenFile }: BannerOptions = {}): string {
  const simulated = mode === 'simulated';
  const next = simulated
    ? "Pay with the developer panel's test cards; the kiosk pairs itself with the dev kiosk."
    : 'Pair a tablet with the code from POST /api/admin/kiosks/:id/pairing-code.';
  // The worker's own default sign-in exists in simulated mode only, and only while no ADMIN_TOKEN replaces it.
  const signIn = adminTokenFile ? `ADMIN_TOKEN from ${adminTokenFile}` : simulated ? 'dev-admin-token' : 'your ADMIN_TOKEN';
  const operators = `Operators' console: http://localhost:8787/admin (sign in with ${signIn})`;
  const stop = simulated ? 'Stripe simulator API: http://localhost:8787/v1 (any sk_test_ key)   Stop: Ctrl+C' : 'Stop: Ctrl+C';
  return `\n  Kiosk ready: http://localhost:8787   (${mode} mode)\n  ${operators}\n  ${next}\n  ${stop}\n`;
}
