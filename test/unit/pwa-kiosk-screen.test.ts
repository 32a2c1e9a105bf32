import { describe, expect, it } from 'vitest';
import {
  canCancel,
  kioskTransition,
  waitingForCustomer,
  type KioskEvent,
  type KioskState,
  type Screen,
  type ScreenName,
} from '../../pwa/src/kiosk-screen.ts';

const PAID = { receipt: { brand: 'visa', last4: '4242', receiptUrl: null }, amount: 450, tip: 0, currency: 'usd' };

const EVENTS: Record<KioskEvent['type'], KioskEvent> = {
  pairing_required: { type: 'pairing_required' },
  pairing_rejected: { type: 'pairing_rejected', problem: 'pairing.expired' },
  browser_offline: { type: 'browser_offline' },
  server_unreachable: { type: 'server_unreachable' },
  ready: { type: 'ready', ordering: false },
  start: { type: 'start' },
  to_start: { type: 'to_start' },
  back_to_order: { type: 'back_to_order' },
  service_asked: { type: 'service_asked' },
  cart_changed: { type: 'cart_changed' },
  order_failed: { type: 'order_failed' },
  checkout_started: { type: 'checkout_started' },
  reader_trouble: { type: 'reader_trouble', notice: 'reader.lost' },
  reader_recovered: { type: 'reader_recovered' },
  waiting_for_card: { type: 'waiting_for_card' },
  card_read: { type: 'card_read' },
  verifying: { type: 'verifying' },
  paid: { type: 'paid', paid: PAID },
  declined: { type: 'declined', reason: 'decline.insufficient_funds' },
  staff_needed: { type: 'staff_needed', reason: 'error.outcomeUnknown' },
  reader_problem: { type: 'reader_problem', problem: 'reader_update_required' },
  cancelled: { type: 'cancelled' },
  new_order: { type: 'new_order' },
};

const SCREENS: Record<ScreenName, Screen> = {
  starting: { name: 'starting' },
  pairing: { name: 'pairing', problem: null },
  offline: { name: 'offline', ordering: false },
  attract: { name: 'attract' },
  catalog: { name: 'catalog' },
  service_mode: { name: 'service_mode' },
  connecting: { name: 'connecting' },
  waiting_card: { name: 'waiting_card' },
  processing: { name: 'processing' },
  success: { name: 'success', paid: PAID },
  declined: { name: 'declined', reason: 'decline.card_declined' },
  staff_needed: { name: 'staff_needed', reason: 'error.attention' },
  reader_problem: { name: 'reader_problem', problem: 'local_network_blocked' },
  cancelled: { name: 'cancelled' },
};

/** The screen each event leads to from each screen, or `same` when the screen does not take it. */
type Outcome = ScreenName | 'same';
const S = 'same';
// prettier-ignore
const EXPECTED: Record<ScreenName, Record<KioskEvent['type'], Outcome>> = {
  starting:        { pairing_required: 'pairing', pairing_rejected: S, browser_offline: 'offline', server_unreachable: 'offline', ready: 'attract', start: S, to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: 'processing', paid: 'success', declined: 'declined', staff_needed: 'staff_needed', reader_problem: S, cancelled: 'cancelled', new_order: S },
  pairing:         { pairing_required: S, pairing_rejected: 'pairing', browser_offline: S, server_unreachable: 'offline', ready: 'attract', start: S, to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: 'processing', paid: 'success', declined: 'declined', staff_needed: 'staff_needed', reader_problem: S, cancelled: 'cancelled', new_order: S },
  offline:         { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: S, ready: 'attract', start: S, to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: 'processing', paid: 'success', declined: 'declined', staff_needed: 'staff_needed', reader_problem: S, cancelled: 'cancelled', new_order: S },
  attract:         { pairing_required: 'pairing', pairing_rejected: S, browser_offline: 'offline', server_unreachable: 'offline', ready: S, start: 'catalog', to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: S, reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: S, paid: S, declined: S, staff_needed: S, reader_problem: S, cancelled: S, new_order: S },
  catalog:         { pairing_required: 'pairing', pairing_rejected: S, browser_offline: 'offline', server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: S, service_asked: 'service_mode', cart_changed: 'catalog', order_failed: S, checkout_started: 'connecting', reader_trouble: 'catalog', reader_recovered: S, waiting_for_card: S, card_read: S, verifying: S, paid: S, declined: S, staff_needed: S, reader_problem: S, cancelled: S, new_order: S },
  service_mode:    { pairing_required: 'pairing', pairing_rejected: S, browser_offline: 'offline', server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: 'catalog', service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: S, paid: S, declined: S, staff_needed: S, reader_problem: S, cancelled: S, new_order: S },
  connecting:      { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: S, service_asked: S, cart_changed: S, order_failed: 'catalog', checkout_started: S, reader_trouble: 'connecting', reader_recovered: S, waiting_for_card: 'waiting_card', card_read: 'processing', verifying: 'processing', paid: 'success', declined: 'declined', staff_needed: 'staff_needed', reader_problem: 'reader_problem', cancelled: 'cancelled', new_order: S },
  waiting_card:    { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: S, reader_trouble: 'connecting', reader_recovered: S, waiting_for_card: S, card_read: 'processing', verifying: 'processing', paid: 'success', declined: 'declined', staff_needed: 'staff_needed', reader_problem: 'reader_problem', cancelled: 'cancelled', new_order: S },
  processing:      { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: 'processing', reader_recovered: S, waiting_for_card: S, card_read: S, verifying: 'processing', paid: 'success', declined: 'declined', staff_needed: 'staff_needed', reader_problem: S, cancelled: 'cancelled', new_order: S },
  success:         { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: S, ready: S, start: S, to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: S, reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: S, paid: S, declined: S, staff_needed: S, reader_problem: S, cancelled: S, new_order: 'attract' },
  declined:        { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: 'declined', reader_recovered: S, waiting_for_card: S, card_read: S, verifying: 'processing', paid: 'success', declined: S, staff_needed: 'staff_needed', reader_problem: S, cancelled: 'cancelled', new_order: S },
  staff_needed:    { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: S, back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: S, reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: S, paid: S, declined: S, staff_needed: S, reader_problem: S, cancelled: S, new_order: 'attract' },
  reader_problem:  { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: S, service_asked: S, cart_changed: S, order_failed: S, checkout_started: 'connecting', reader_trouble: 'reader_problem', reader_recovered: S, waiting_for_card: S, card_read: S, verifying: 'processing', paid: 'success', declined: S, staff_needed: 'staff_needed', reader_problem: S, cancelled: 'cancelled', new_order: S },
  cancelled:       { pairing_required: 'pairing', pairing_rejected: S, browser_offline: S, server_unreachable: 'offline', ready: S, start: S, to_start: 'attract', back_to_order: 'catalog', service_asked: S, cart_changed: S, order_failed: S, checkout_started: S, reader_trouble: S, reader_recovered: S, waiting_for_card: S, card_read: S, verifying: S, paid: S, declined: S, staff_needed: S, reader_problem: S, cancelled: S, new_order: S },
};

const on = (name: ScreenName, notice: KioskState['notice'] = null): KioskState => ({ screen: SCREENS[name], notice });

describe('the screen the customer sees', () => {
  for (const [from, row] of Object.entries(EXPECTED) as [ScreenName, Record<KioskEvent['type'], Outcome>][]) {
    for (const event of Object.values(EVENTS)) {
      const expected = row[event.type];
      it(`${event.type} on ${from}: ${expected}`, () => {
        const state = on(from);
        const frozen = structuredClone(state);
        const next = kioskTransition(state, event);
        expect(state, 'the input state is never modified').toEqual(frozen);
        if (expected === S) expect(next).toBe(state);
        else expect(next.screen.name).toBe(expected);
      });
    }
  }

  it('covers every screen and every event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(SCREENS).sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('a refused pairing code says why on the pairing screen, and a new visit to the screen starts clean', () => {
    const refused = kioskTransition(on('pairing'), EVENTS.pairing_rejected);
    expect(refused.screen).toEqual({ name: 'pairing', problem: 'pairing.expired' });
    expect(kioskTransition(kioskTransition(refused, EVENTS.ready), EVENTS.pairing_required).screen).toEqual({ name: 'pairing', problem: null });
  });

  it('the success screen keeps the amount and the card that paid', () => {
    expect(kioskTransition(on('processing'), EVENTS.paid).screen).toEqual({ name: 'success', paid: PAID });
  });

  it('a decline, a staff screen and a reader problem say why', () => {
    expect(kioskTransition(on('processing'), EVENTS.declined).screen).toEqual({ name: 'declined', reason: 'decline.insufficient_funds' });
    expect(kioskTransition(on('processing'), EVENTS.staff_needed).screen).toEqual({ name: 'staff_needed', reason: 'error.outcomeUnknown' });
    expect(kioskTransition(on('connecting'), EVENTS.reader_problem).screen).toEqual({ name: 'reader_problem', problem: 'reader_update_required' });
  });

  it('reader trouble while connecting or waiting is said under "Connecting to the card reader…"', () => {
    expect(kioskTransition(on('waiting_card'), { type: 'reader_trouble', notice: 'reader.inUse' })).toEqual({
      screen: { name: 'connecting' },
      notice: 'reader.inUse',
    });
  });

  it('an order the menu changed under the customer says so: refused at Pay, or trimmed on the menu; their own change clears it', () => {
    expect(kioskTransition(on('connecting'), { type: 'order_failed', menuChanged: true })).toEqual({ screen: { name: 'catalog' }, notice: 'cart.menuChanged' });
    expect(kioskTransition(on('connecting'), EVENTS.order_failed).notice).toBe('cart.orderFailed');
    expect(kioskTransition(on('catalog'), { type: 'cart_changed', menuChanged: true }).notice).toBe('cart.menuChanged');
    expect(kioskTransition(on('catalog', 'cart.menuChanged'), EVENTS.cart_changed).notice).toBeNull();
  });

  it('the reader coming back clears "disconnected" and "in use", and nothing else', () => {
    expect(kioskTransition(on('connecting', 'reader.lost'), EVENTS.reader_recovered).notice).toBeNull();
    expect(kioskTransition(on('catalog', 'reader.inUse'), EVENTS.reader_recovered).notice).toBeNull();
    const checking = on('processing', 'status.checking');
    expect(kioskTransition(checking, EVENTS.reader_recovered)).toBe(checking);
  });

  it('an order under way when the kiosk lost its connection is taken up again on the menu; otherwise the start screen', () => {
    expect(kioskTransition(on('offline'), { type: 'ready', ordering: true }).screen).toEqual({ name: 'catalog' });
    expect(kioskTransition(on('offline'), { type: 'ready', ordering: false }).screen).toEqual({ name: 'attract' });
  });

  it('a customer on the menu when the connection went comes back to the menu, even with nothing ordered yet', () => {
    const wentOffline = kioskTransition(on('catalog'), EVENTS.browser_offline);
    expect(wentOffline.screen).toEqual({ name: 'offline', ordering: true });
    expect(kioskTransition(wentOffline, { type: 'ready', ordering: false }).screen).toEqual({ name: 'catalog' });
    const idle = kioskTransition(on('attract'), EVENTS.server_unreachable);
    expect(kioskTransition(idle, { type: 'ready', ordering: false }).screen).toEqual({ name: 'attract' });
  });

  it('a dropped connection after the card was read says the payment is being checked, on the processing screen', () => {
    expect(kioskTransition(on('processing'), { type: 'reader_trouble', notice: 'connection.checking' })).toEqual({
      screen: { name: 'processing' },
      notice: 'connection.checking',
    });
  });

  it.each(['declined', 'reader_problem'] as const)('Cancel pressed on the %s screen while the worker is busy: the customer reads that it is tried again, on that screen', (name) => {
    expect(kioskTransition(on(name), { type: 'reader_trouble', notice: 'error.busy' })).toEqual({ screen: SCREENS[name], notice: 'error.busy' });
  });

  it.each(['connecting', 'waiting_card'] as const)('Cancel pressed while %s and the worker is busy: the customer reads that their payment is being cancelled, and why it takes a moment', (name) => {
    const retrying = kioskTransition(on(name), { type: 'reader_trouble', notice: 'error.busy', cancelling: true });
    expect(retrying).toEqual({ screen: { name: 'connecting', cancelling: true }, notice: 'error.busy' });
    expect(kioskTransition(retrying, { type: 'reader_trouble', notice: 'error.busy', cancelling: true })).toEqual(retrying);
    expect(kioskTransition(retrying, EVENTS.cancelled).screen).toEqual({ name: 'cancelled' });
  });

  it('checking the payment is said while the server is asked', () => {
    expect(kioskTransition(on('processing'), EVENTS.verifying).notice).toBe('status.checking');
  });

  it('an order that could not start goes back to the menu and says so', () => {
    expect(kioskTransition(on('connecting'), EVENTS.order_failed)).toEqual({ screen: { name: 'catalog' }, notice: 'cart.orderFailed' });
  });

  it('touching the cart clears the last remark; the reader waiting for the card clears "reconnecting"', () => {
    expect(kioskTransition(on('catalog', 'cart.orderFailed'), EVENTS.cart_changed).notice).toBeNull();
    expect(kioskTransition(on('connecting', 'reader.lost'), EVENTS.waiting_for_card).notice).toBeNull();
  });
});

describe('what the customer may do on each screen', () => {
  it('Cancel is offered before the card is read, after a decline and on a reader problem, never while processing', () => {
    const cancellable = (Object.keys(SCREENS) as ScreenName[]).filter((name) => canCancel(SCREENS[name]));
    expect(cancellable.sort()).toEqual(['connecting', 'declined', 'reader_problem', 'waiting_card']);
  });

  it('the kiosk waits for a customer on the start screen, or on an empty menu', () => {
    expect(waitingForCustomer(on('attract'), true)).toBe(true);
    expect(waitingForCustomer(on('catalog'), true)).toBe(true);
    expect(waitingForCustomer(on('catalog'), false)).toBe(false);
    for (const name of Object.keys(SCREENS) as ScreenName[]) {
      if (name !== 'catalog' && name !== 'attract') expect(waitingForCustomer(on(name), true), name).toBe(false);
    }
  });
});
