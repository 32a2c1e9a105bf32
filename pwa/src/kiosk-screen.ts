/**
 * The screen the customer sees, and how it moves: a pure `kioskTransition(state, event)`, exhaustively tested like the
 * session's `shared/transition.ts`. The store's pieces (connection, cart, checkout, result screens) only dispatch
 * events; an event the current screen does not take returns the very same state, and the effect that asked for it
 * does not run.
 */
import type { Receipt } from '../../shared/api.ts';
import type { MessageKey } from './i18n.ts';

export interface PaidResult {
  receipt: Receipt | null;
  /** What the order cost; a tip the customer added on the reader comes on top. */
  amount: number;
  tip: number;
  currency: string;
}

/**
 * Why the reader cannot take the payment: until a member of staff acts (the browser's local network, a reader update,
 * Stripe's SDK, a reader that is offline or not registered), or for a moment (busy with another payment).
 */
export type ReaderProblem =
  | 'local_network_blocked'
  | 'reader_update_required'
  | 'reader_software_unavailable'
  | 'reader_offline'
  | 'reader_busy'
  | 'no_reader';

export type Screen =
  | { name: 'starting' }
  /** `problem`: why the last code did not pair the kiosk, for whoever is installing it. */
  | { name: 'pairing'; problem: MessageKey | null }
  /** `ordering`: a customer was at the menu when the connection went, and comes back to it. */
  | { name: 'offline'; ordering: boolean }
  /** Nobody is ordering: tap to start, in a language of the customer's choice. */
  | { name: 'attract' }
  /** The menu and the cart. */
  | { name: 'catalog' }
  /** Eat here or take away, before paying (kiosks whose operator asks). */
  | { name: 'service_mode' }
  /** `cancelling`: the customer's Cancel is being tried again (the worker was busy): the reader no longer waits. */
  | { name: 'connecting'; cancelling?: true }
  | { name: 'waiting_card' }
  | { name: 'processing' }
  | { name: 'success'; paid: PaidResult }
  /** The card was declined: another card may pay the same PaymentIntent. */
  | { name: 'declined'; reason: MessageKey }
  | { name: 'staff_needed'; reason: MessageKey }
  | { name: 'reader_problem'; problem: ReaderProblem }
  | { name: 'cancelled' };

export type ScreenName = Screen['name'];

export interface KioskState {
  screen: Screen;
  /** A passing remark under the headline: reader lost, reader busy, order could not start, checking the payment... */
  notice: MessageKey | null;
}

export type KioskEvent =
  | { type: 'pairing_required' }
  | { type: 'pairing_rejected'; problem: MessageKey }
  /** The browser lost its network. */
  | { type: 'browser_offline' }
  /** A call to the kiosk's server failed for want of a connection. */
  | { type: 'server_unreachable' }
  /** Configuration and menu loaded, nothing to recover: back to the order if one was under way, else to the start. */
  | { type: 'ready'; ordering: boolean }
  /** The customer taps the start screen. */
  | { type: 'start' }
  /** Back to the start screen for the next customer: they started over, or walked away. */
  | { type: 'to_start' }
  /** Back to the menu with the order as it was: after a cancelled payment, or from the dine-in question. */
  | { type: 'back_to_order' }
  | { type: 'service_asked' }
  /** `menuChanged`: the menu took something out of the order (sold out or gone meanwhile), which the customer is told. */
  | { type: 'cart_changed'; menuChanged?: boolean }
  /**
   * The worker refused the order; `menuChanged`: for what the menu no longer has, now taken out of the order; `notice`:
   * what the customer does instead of trying again (a total Stripe does not take).
   */
  | { type: 'order_failed'; menuChanged?: boolean; notice?: MessageKey }
  | { type: 'checkout_started' }
  /** `cancelling`: said while the customer's Cancel is tried again. */
  | { type: 'reader_trouble'; notice: MessageKey; cancelling?: true }
  | { type: 'reader_recovered' }
  | { type: 'waiting_for_card' }
  | { type: 'card_read' }
  | { type: 'verifying' }
  | { type: 'paid'; paid: PaidResult }
  | { type: 'declined'; reason: MessageKey }
  | { type: 'staff_needed'; reason: MessageKey }
  | { type: 'reader_problem'; problem: ReaderProblem }
  | { type: 'cancelled' }
  /** After a payment that succeeded or needs staff: the next customer starts afresh. */
  | { type: 'new_order' };

export const initialKioskState: KioskState = { screen: { name: 'starting' }, notice: null };

/** Where start-up lands before it knows better: recovery may resume, verify, cancel or show a checkout from here. */
const RECOVERING: readonly ScreenName[] = ['starting', 'offline', 'pairing'];
/** A checkout whose outcome is still open. */
const OPEN_CHECKOUT: readonly ScreenName[] = ['connecting', 'waiting_card', 'processing', 'declined', 'reader_problem'];
const SETTLING: readonly ScreenName[] = [...RECOVERING, ...OPEN_CHECKOUT];
/** The reader is being readied or waits for the card. */
const AT_READER: readonly ScreenName[] = ['connecting', 'waiting_card'];
/** Nothing is paid or being paid: losing the network only pauses the kiosk. */
const NOTHING_TO_PAY: readonly ScreenName[] = ['starting', 'attract', 'catalog', 'service_mode'];
/** A customer is choosing: after an outage they come back to their order, even an empty one. */
const ORDERING: readonly ScreenName[] = ['catalog', 'service_mode'];
/** Where a customer may leave, or be given up for gone: no card has been read. */
const LEAVABLE: readonly ScreenName[] = ['catalog', 'service_mode', 'connecting', 'waiting_card', 'declined', 'reader_problem', 'cancelled'];
const READER_NOTICES: readonly (MessageKey | null)[] = ['reader.lost', 'reader.inUse'];

export function kioskTransition(state: KioskState, event: KioskEvent): KioskState {
  const at = state.screen.name;
  const go = (screen: Screen, notice: MessageKey | null = null): KioskState => ({ screen, notice });
  const from = (screens: readonly ScreenName[], next: () => KioskState): KioskState => (screens.includes(at) ? next() : state);
  const offline = (): KioskState => go({ name: 'offline', ordering: ORDERING.includes(at) });

  switch (event.type) {
    case 'pairing_required':
      return at === 'pairing' ? state : go({ name: 'pairing', problem: null });
    case 'pairing_rejected':
      return from(['pairing'], () => go({ name: 'pairing', problem: event.problem }));
    case 'browser_offline':
      return from(NOTHING_TO_PAY, offline);
    case 'server_unreachable':
      // A paid customer keeps seeing that they paid.
      return at === 'offline' || at === 'success' ? state : offline();
    case 'ready':
      return from(RECOVERING, () => go({ name: event.ordering || screenNamed(state.screen, 'offline')?.ordering ? 'catalog' : 'attract' }));
    case 'start':
      return from(['attract'], () => go({ name: 'catalog' }));
    case 'to_start':
      return from(LEAVABLE, () => go({ name: 'attract' }));
    case 'back_to_order':
      return from(['cancelled', 'service_mode'], () => go({ name: 'catalog' }));
    case 'service_asked':
      return from(['catalog'], () => go({ name: 'service_mode' }));
    case 'cart_changed':
      return from(['catalog'], () => go(state.screen, event.menuChanged ? 'cart.menuChanged' : null));
    case 'order_failed':
      return from(['connecting'], () => go({ name: 'catalog' }, event.menuChanged ? 'cart.menuChanged' : (event.notice ?? 'cart.orderFailed')));
    case 'checkout_started':
      return from([...RECOVERING, 'catalog', 'service_mode', 'processing', 'declined', 'reader_problem'], () => go({ name: 'connecting' }));
    case 'reader_trouble':
      // A Cancel tried again after a decline or a reader problem: said on that screen, whose buttons stay.
      if (at === 'catalog' || at === 'processing' || at === 'declined' || at === 'reader_problem') return go(state.screen, event.notice);
      return from(AT_READER, () => go(event.cancelling ? { name: 'connecting', cancelling: true } : { name: 'connecting' }, event.notice));
    case 'reader_recovered':
      return READER_NOTICES.includes(state.notice) ? go(state.screen) : state;
    case 'waiting_for_card':
      return from(['connecting'], () => go({ name: 'waiting_card' }));
    case 'card_read':
      return from(AT_READER, () => go({ name: 'processing' }));
    case 'verifying':
      return from(SETTLING, () => go({ name: 'processing' }, 'status.checking'));
    case 'paid':
      return from(SETTLING, () => go({ name: 'success', paid: event.paid }));
    case 'declined':
      // Recovery may find the session declined (a reload on the decline): the customer sees it again, and its way on.
      return from([...RECOVERING, ...AT_READER, 'processing'], () => go({ name: 'declined', reason: event.reason }));
    case 'staff_needed':
      return from(SETTLING, () => go({ name: 'staff_needed', reason: event.reason }));
    case 'reader_problem':
      return from(AT_READER, () => go({ name: 'reader_problem', problem: event.problem }));
    case 'cancelled':
      return from(SETTLING, () => go({ name: 'cancelled' }));
    case 'new_order':
      return from(['success', 'staff_needed'], () => go({ name: 'attract' }));
  }
}

/** Cancel is offered while the reader is being readied or waits, after a decline, and on a reader problem. */
export const canCancel = (screen: Screen): boolean => ['connecting', 'waiting_card', 'declined', 'reader_problem'].includes(screen.name);

/** The kiosk waits for a customer: no payment runs and nobody is ordering, so a reload goes unnoticed. */
export const waitingForCustomer = (state: KioskState, cartIsEmpty: boolean): boolean =>
  state.screen.name === 'attract' || (state.screen.name === 'catalog' && cartIsEmpty);

/** The screen with its data when it is the one named, for components that show that data. */
export const screenNamed = <N extends ScreenName>(screen: Screen, name: N): Extract<Screen, { name: N }> | null =>
  screen.name === name ? (screen as Extract<Screen, { name: N }>) : null;
