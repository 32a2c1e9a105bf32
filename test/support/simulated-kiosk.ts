/**
 * A kiosk the console watches, driven through the kiosk API exactly as a tablet in server-driven mode drives it: it
 * checks in, starts a checkout, and a customer presents a test card on its simulated reader.
 */
import type { CartLine, ServiceMode, SessionView } from '../../shared/api.ts';
import { provisionKioskWithReader, type ProvisionedKiosk } from '../../scripts/operator-api.ts';

export interface SimulatedKiosk extends ProvisionedKiosk {
  readerId: string;
  /** Checks in (every half minute on a real tablet): the console shows the kiosk online. */
  heartbeat(): Promise<void>;
  /** A customer orders (dine-in or take-away where the kiosk asks); the reader waits for the card. */
  order(items?: CartLine[], serviceMode?: ServiceMode): Promise<SessionView>;
  /** The card on the reader; settles when the worker says the session is paid (or declined). */
  present(session: SessionView, cardNumber: string): Promise<SessionView>;
  /** Order, then pay with the card. */
  pay(cardNumber?: string, items?: CartLine[], serviceMode?: ServiceMode): Promise<SessionView>;
  session(sessionId: string): Promise<SessionView>;
}

export async function simulatedKiosk(baseUrl: string, settings: Record<string, unknown> = {}): Promise<SimulatedKiosk> {
  const provisioned = await provisionKioskWithReader(baseUrl, { name: 'Simulated kiosk', readerMode: 'server-driven', ...settings });
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${provisioned.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const readerId = provisioned.kiosk.readerId!;
  const session = (sessionId: string) => call<SessionView>(`/api/sessions/${sessionId}`);

  async function settled(sessionId: string): Promise<SessionView> {
    for (let i = 0; i < 150; i++) {
      const view = await session(sessionId);
      if (view.status !== 'waiting_card' && view.status !== 'processing') return view;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`session ${sessionId} did not settle`);
  }

  const kiosk: SimulatedKiosk = {
    ...provisioned,
    readerId,
    heartbeat: async () => void (await call('/api/kiosk/heartbeat', { reader: 'connected' })),
    order: (items = [{ id: 'latte', quantity: 1 }], serviceMode) => call<SessionView>('/api/sessions', { items, serviceMode }),
    async present(view, cardNumber) {
      await call(`/api/simulated-reader/readers/${readerId}/present`, { cardNumber });
      return settled(view.sessionId);
    },
    async pay(cardNumber = '4242424242424242', items, serviceMode) {
      return kiosk.present(await kiosk.order(items, serviceMode), cardNumber);
    },
    session,
  };
  return kiosk;
}

/** The Stripe simulator's test controls (`/v1/_simulator/*`), e.g. moving its clock so that late outcomes happen. */
export async function simulatorControl(baseUrl: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/_simulator/${path}`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk_test_controls', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator control ${path}: ${res.status} ${await res.text()}`);
}
