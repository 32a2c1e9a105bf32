import { expect } from 'vitest';
import { call, provisionKiosk } from './kiosk-client.ts';

export const VISA = '4242424242424242';
export const DECLINED = '4000000000000002';
export const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** A kiosk in server-driven mode with its simulated reader. */
export async function serverDrivenKiosk(settings: Record<string, unknown> = {}) {
  const kiosk = await provisionKiosk('Server-driven kiosk', { readerMode: 'server-driven', ...settings });
  const { readerId } = (await call('/api/kiosk', { token: kiosk.token })).body;
  return { ...kiosk, readerId: readerId as string };
}

/** The kiosk starts a checkout (server-driven: the worker hands its payment to the reader). */
export const start = (token: string, items = [{ id: 'latte', quantity: 1 }], headers: Record<string, string> = {}) =>
  call('/api/sessions', { token, body: { items }, headers });

/** The session as the kiosk sees it. */
export const view = async (token: string, sessionId: string) => (await call(`/api/sessions/${sessionId}`, { token })).body;

/** The customer at the reader: Stripe's test helper, as the developer panel calls it. */
export const present = (token: string, readerId: string, cardNumber: string) =>
  call(`/api/simulated-reader/readers/${readerId}/present`, { token, body: { cardNumber } });
