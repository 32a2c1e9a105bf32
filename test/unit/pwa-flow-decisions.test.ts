import { describe, expect, it } from 'vitest';
import type { KioskCatalogItem, SessionView } from '../../shared/api.ts';
import { sessionView } from '../support/session-view.ts';
import type { SessionStatus } from '../../shared/session-status.ts';
import { DESIGN_TEST_CARDS, TEST_CARDS } from '../../shared/test-cards.ts';
import { declineMessageKey, notACardDecline } from '../../pwa/src/declines.ts';
import {
  addToCart,
  cartLinesOf,
  cartTotal,
  keepsCustomer,
  lineKey,
  lineIsFull,
  orderableLines,
  orderRefusalNotice,
  passingCreateFailure,
  passingFailure,
  passingNotice,
  paymentInFlight,
  progressToReport,
  readerProblemOf,
  recoveryFor,
  removeFromCart,
  sessionRequestOf,
  settlementFor,
  verdictOf,
} from '../../pwa/src/flow-decisions.ts';
import { ENGLISH, loadLanguage, translate } from '../../pwa/src/i18n.ts';
import { readerDisplayFor } from '../../pwa/src/terminal/collect-with-cart.ts';
import { priceCart } from '../../worker/kiosks/pricing.ts';
import type { StoredCheckout } from '../../pwa/src/storage.ts';

const view = (status: SessionStatus): SessionView =>
  sessionView({ sessionId: 'ses_1', amount: 9000, currency: 'krw', status, items: [], clientSecret: 'pi_1_secret_x' });

const stored: StoredCheckout = { idempotencyKey: 'key-1', items: [{ id: 'americano', quantity: 1 }], sessionId: 'ses_1' };

describe('recovering a checkout after a reload or an outage', () => {
  it('with nothing stored there is nothing to recover', () => {
    expect(recoveryFor(null, null)).toBe('none');
  });

  it('a lost "create session" answer is asked again with the same idempotency key', () => {
    expect(recoveryFor({ idempotencyKey: 'key-1', items: stored.items }, null)).toBe('recreate');
  });

  it('a checkout cancelled before its create was answered is brought back by its key, to be cancelled', () => {
    expect(recoveryFor({ idempotencyKey: 'key-1', items: stored.items, cancelRequested: true }, null)).toBe('recreate_and_cancel');
  });

  it('a paid session shows its success again', () => {
    expect(recoveryFor(stored, view('success'))).toBe('show_success');
  });

  it.each(['cancelled', 'requires_attention'] as const)('a %s session is forgotten', (status) => {
    expect(recoveryFor(stored, view(status))).toBe('clear');
  });

  it('a session the server no longer knows is forgotten', () => {
    expect(recoveryFor(stored, null)).toBe('clear');
  });

  it.each(['idle', 'connecting', 'waiting_card', 'failed'] as const)('an open (%s) session resumes on the same PaymentIntent', (status) => {
    expect(recoveryFor(stored, view(status))).toBe('resume');
  });

  it('a session that may have been charged is verified with the server before anything else', () => {
    expect(recoveryFor({ ...stored, processingStarted: true }, view('waiting_card'))).toBe('verify');
    expect(recoveryFor(stored, view('processing'))).toBe('verify');
  });

  it('a cancel the server never heard is sent again', () => {
    expect(recoveryFor({ ...stored, cancelRequested: true }, view('waiting_card'))).toBe('cancel');
  });

  describe('in server-driven mode, where the server settles the payment itself', () => {
    const serverDriven = (status: SessionStatus) => ({ ...view(status), readerMode: 'server-driven' as const, clientSecret: '' });

    it.each(['waiting_card', 'processing', 'failed'] as const)('an open (%s) session is followed again, even once the card was read', (status) => {
      expect(recoveryFor({ ...stored, processingStarted: true }, serverDriven(status))).toBe('resume');
    });

    it('a cancel the server never heard is sent again, unless the card is being processed', () => {
      expect(recoveryFor({ ...stored, cancelRequested: true }, serverDriven('waiting_card'))).toBe('cancel');
      expect(recoveryFor({ ...stored, cancelRequested: true }, serverDriven('processing'))).toBe('resume');
    });

    it('a paid session shows its success, a finished one is forgotten', () => {
      expect(recoveryFor(stored, serverDriven('success'))).toBe('show_success');
      expect(recoveryFor(stored, serverDriven('cancelled'))).toBe('clear');
    });
  });
});

describe('a reload in the middle of a checkout', () => {
  it.each(['recreate', 'show_success', 'verify', 'resume', 'cancel'] as const)('(%s) gives the customer back their language and layout', (recovery) => {
    expect(keepsCustomer(recovery)).toBe(true);
  });

  it.each(['none', 'clear', 'recreate_and_cancel'] as const)('(%s) starts the next customer in the kiosk’s own', (recovery) => {
    expect(keepsCustomer(recovery)).toBe(false);
  });
});

describe('the payment in flight, on "No connection"', () => {
  it('nothing stored, or a paid checkout kept for its success screen, has nothing in flight', () => {
    expect(paymentInFlight(null, null)).toBe('none');
    expect(paymentInFlight({ ...stored, paid: true }, 'success')).toBe('none');
  });

  it('an order whose card was not read yet is kept; once it may have been charged, the kiosk is checking', () => {
    expect(paymentInFlight({ ...stored, readerMode: 'js-sdk' }, 'waiting_card')).toBe('kept');
    expect(paymentInFlight({ ...stored, processingStarted: true }, null)).toBe('checking');
    expect(paymentInFlight(stored, 'processing')).toBe('checking');
  });

  it('server-driven, any session the reader has is being checked: the reader takes the card on its own connection', () => {
    expect(paymentInFlight({ ...stored, readerMode: 'server-driven' }, null)).toBe('checking');
    expect(paymentInFlight({ ...stored, readerMode: 'server-driven' }, 'waiting_card')).toBe('checking');
    // Not yet a session: the reader has nothing.
    expect(paymentInFlight({ idempotencyKey: 'key-1', items: stored.items, readerMode: 'server-driven' }, null)).toBe('kept');
  });
});

describe('"Are you still there?" answered Continue', () => {
  it.each(['connecting', 'waiting_card', 'failed'] as const)('keeps an open (%s) session alive with its own status', (status) => {
    expect(progressToReport(status)).toBe(status);
  });

  it.each(['idle', 'processing', 'success', 'cancelled', 'requires_attention'] as const)('reports nothing for a %s session', (status) => {
    expect(progressToReport(status)).toBeNull();
  });
});

describe('reading the server’s verdict', () => {
  it('only success: true means paid', () => {
    expect(settlementFor({ success: true, status: 'success' })).toBe('success');
    expect(settlementFor({ success: false, status: 'success' })).toBe('attention');
  });

  it.each([
    ['failed', 'declined'],
    ['cancelled', 'cancelled'],
    ['requires_attention', 'attention'],
    ['processing', 'pending'],
    ['idle', 'open'],
    ['connecting', 'open'],
    ['waiting_card', 'open'],
  ] as const)('%s -> %s', (status, settlement) => {
    expect(settlementFor({ success: false, status })).toBe(settlement);
  });

  it('a session the server settled itself reads like its answer to /complete', () => {
    const receipt = { brand: 'visa', last4: '4242', receiptUrl: null };
    expect(verdictOf(sessionView({ status: 'success', receipt }))).toEqual({ success: true, status: 'success', receipt });
    expect(verdictOf(sessionView({ status: 'failed', declineCode: 'expired_card' }))).toEqual({ success: false, status: 'failed', declineCode: 'expired_card' });
    expect(settlementFor(verdictOf(sessionView({ status: 'cancelled', cancellationReason: 'customer' })))).toBe('cancelled');
  });

  it('an offline, busy or missing reader is a reader problem with its own screen; other refusals are not', () => {
    expect(['reader_offline', 'reader_busy', 'no_reader', 'rate_limited'].map(readerProblemOf)).toEqual(['reader_offline', 'reader_busy', 'no_reader', null]);
  });
});

describe('a create that failed: ask again with the same key, or tell the customer', () => {
  it.each([
    [500, 'internal_error'],
    [502, 'stripe_error'],
    [503, 'stripe_unavailable'],
    [503, 'stripe_busy'],
    [429, 'rate_limited'],
  ])('%i %s may come after the worker opened the session: asked again', (status, code) => {
    expect(passingFailure(status, code)).toBe(true);
    expect(passingCreateFailure(status, code, null)).toBe(true);
  });

  it.each([
    [502, 'stripe_rejected'],
    [503, 'misconfigured'],
    [503, 'stripe_not_configured'],
    [503, 'reader_offline'],
    [409, 'reader_busy'],
    [400, 'item_sold_out'],
  ])('%i %s is Stripe or the deployment saying no: the same key would be refused again', (status, code) => {
    expect(passingCreateFailure(status, code, null)).toBe(false);
  });

  it('a failure that names the checkout it ended is final whatever its status: that checkout is cancelled', () => {
    expect(passingCreateFailure(502, 'stripe_error', 'ses_1')).toBe(false);
    expect(passingCreateFailure(503, 'stripe_unavailable', 'ses_1')).toBe(false);
  });
});

describe('an order the worker refused', () => {
  it('a total Stripe does not take in the currency is not worth trying again: the customer is told to change it, or ask staff', () => {
    // Above $999,999.99 (Stripe's largest charge): something comes out. Below the currency's least charge: a change.
    expect(orderRefusalNotice('amount_out_of_range', 120_000_000)).toBe('cart.totalTooHigh');
    expect(orderRefusalNotice('amount_out_of_range', 30)).toBe('cart.totalRefused');
  });

  it('any other refusal says the order could not be started', () => {
    expect(orderRefusalNotice('stripe_rejected', 450)).toBe('cart.orderFailed');
  });

  it('every language tells the customer what to do with a total Stripe does not take', async () => {
    for (const language of ['en', 'ko', 'ja'] as const) {
      const { texts } = await loadLanguage(language);
      for (const key of ['cart.totalTooHigh', 'cart.totalRefused'] as const) {
        expect(texts[key], `${language} ${key}`).toMatch(/\S/);
        expect(texts[key], `${language} ${key}`).not.toBe(texts['cart.orderFailed']);
      }
    }
  });
});

describe('a call the worker could not do this time, tried again', () => {
  it.each([
    [429, 'rate_limited', 2],
    [503, 'stripe_unavailable', 2],
    [503, 'stripe_busy', null],
  ])('%i %s (Retry-After %s): the customer reads that the service is busy and the kiosk tries again, in English and Korean, not that it is out of reach', async (status, code, retryAfterSeconds) => {
    const notice = passingNotice({ status, code, retryAfterSeconds });
    expect(translate(ENGLISH, notice)).toBe('The payment service is busy. Trying again…');
    expect(translate(await loadLanguage('ko'), notice)).toBe('결제 서비스가 혼잡합니다. 다시 시도하는 중…');
  });

  it.each([
    [503, 'stripe_unavailable'],
    [502, 'stripe_error'],
    [500, 'internal_error'],
  ])('%i %s without Retry-After: the payment service could not be reached, and the kiosk tries again', (status, code) => {
    expect(translate(ENGLISH, passingNotice({ status, code, retryAfterSeconds: null }))).toBe('The kiosk could not reach the payment service. Trying again…');
  });
});

describe('decline reasons in customer words', () => {
  it('every decline of the design’s test cards has its own explanation', () => {
    for (const card of TEST_CARDS.filter((candidate) => candidate.declineCode)) {
      expect(declineMessageKey(card.declineCode)).toBe(`decline.${card.declineCode}`);
    }
  });

  it.each(['incorrect_pin', 'call_issuer', 'generic_decline', 'card_declined'])('%s has its own explanation', (code) => {
    expect(declineMessageKey(code)).toBe(`decline.${code}`);
  });

  it('an unknown or missing code falls back to a plain decline', () => {
    expect(declineMessageKey('never_heard_of_it')).toBe('decline.generic_decline');
    expect(declineMessageKey(undefined)).toBe('decline.generic_decline');
  });

  it.each(['reader_reset', 'reader_error'])('%s (the reader stopped before any card was read) is not told as a declined card, in English and Korean', async (code) => {
    expect(declineMessageKey(code)).toBe('decline.reader_stopped');
    expect(translate(ENGLISH, declineMessageKey(code))).not.toMatch(/declined/);
    expect(translate(await loadLanguage('ko'), declineMessageKey(code))).toBe('카드를 읽기 전에 카드 리더기가 멈췄습니다. 요금이 청구되지 않았습니다.');
  });

  it.each(['terminal_reader_timeout', 'terminal_reader_hardware_fault', 'terminal_reader_offline', 'terminal_reader_busy', 'intent_invalid_state', 'payment_intent_unexpected_state'])(
    '%s (a reader action that failed without a card decision) is told as a payment not taken, never a declined card, in English and Korean, and the same card may try again',
    async (code) => {
      const reason = declineMessageKey(code);
      expect(notACardDecline(reason)).toBe(true);
      expect(translate(ENGLISH, reason)).toBe('The payment did not go through. You have not been charged. Please try again.');
      expect(translate(await loadLanguage('ko'), reason)).toBe('결제가 완료되지 않았습니다. 요금이 청구되지 않았습니다. 다시 시도하세요.');
    },
  );

  it.each(['generic_decline', 'insufficient_funds', 'never_heard_of_it', 'fraudulent'])('%s is a card the bank declined: another card is asked for', (code) => {
    expect(notACardDecline(declineMessageKey(code))).toBe(false);
  });

  it('the explanation exists in English, Korean and Japanese', async () => {
    expect(translate(ENGLISH, declineMessageKey('insufficient_funds'))).toBe('There is not enough money on this card.');
    expect(translate(await loadLanguage('ko'), declineMessageKey('insufficient_funds'))).toBe('카드 잔액이 부족합니다.');
    expect(translate(await loadLanguage('ja'), declineMessageKey('insufficient_funds'))).toBe('このカードの残高が不足しています。');
  });
});

describe('the cart', () => {
  const option = (id: string, priceChange = 0, isDefault = false) => ({ id, name: id, names: { en: id }, priceChange, default: isDefault });
  const item = (id: string, price: number, extra: Partial<KioskCatalogItem> = {}): KioskCatalogItem => ({
    id,
    name: id,
    price,
    category: 'coffee',
    names: { en: id },
    photoUrl: null,
    available: true,
    optionGroups: [],
    ...extra,
  });
  const latte = item('latte', 5000, {
    optionGroups: [{ id: 'size', name: 'Size', names: { en: 'Size' }, min: 1, max: 1, options: [option('regular', 0, true), option('large', 500)] }],
  });
  const items = [item('americano', 4500), latte];

  it('adds, counts and removes items one at a time; the same choices add up on one line, other choices get their own', () => {
    let cart = addToCart([], { id: 'americano', quantity: 1 });
    cart = addToCart(cart, { id: 'americano', quantity: 1 });
    cart = addToCart(cart, { id: 'latte', quantity: 1, options: ['large'] });
    cart = addToCart(cart, { id: 'latte', quantity: 1, options: ['regular'] });
    cart = addToCart(cart, { id: 'latte', quantity: 1, options: ['large'] });
    expect(cart).toEqual([
      { id: 'americano', quantity: 2 },
      { id: 'latte', quantity: 2, options: ['large'] },
      { id: 'latte', quantity: 1, options: ['regular'] },
    ]);
    expect(cartTotal(cart, items)).toBe(2 * 4500 + 2 * 5500 + 5000);
    cart = removeFromCart(removeFromCart(cart, lineKey({ id: 'latte', quantity: 1, options: ['regular'] })), lineKey(cart[0]!));
    expect(cart).toEqual([
      { id: 'americano', quantity: 1 },
      { id: 'latte', quantity: 2, options: ['large'] },
    ]);
  });

  it('a line holds at most 99, what the worker takes for one line: one more adds nothing, and says it is full', () => {
    let cart = [{ id: 'americano', quantity: 98 }];
    expect(lineIsFull(cart, { id: 'americano', quantity: 1 })).toBe(false);
    cart = addToCart(cart, { id: 'americano', quantity: 1 });
    expect(cart).toEqual([{ id: 'americano', quantity: 99 }]);
    expect(lineIsFull(cart, { id: 'americano', quantity: 1 })).toBe(true);
    expect(addToCart(cart, { id: 'americano', quantity: 1 })).toEqual([{ id: 'americano', quantity: 99 }]);
    expect(lineIsFull(cart, { id: 'americano', quantity: 1, options: ['large'] })).toBe(false);
  });

  it('an item that sold out, went off the menu or lost a chosen option meanwhile leaves the order; the rest stays', () => {
    const menu = (available: boolean) => [item('americano', 4500), { ...latte, available }];
    const cart = [
      { id: 'americano', quantity: 2 },
      { id: 'latte', quantity: 1, options: ['large'] },
      { id: 'latte', quantity: 1, options: ['venti'] },
      { id: 'bagel', quantity: 1 },
    ];
    expect(orderableLines(cart, menu(true))).toEqual([
      { id: 'americano', quantity: 2 },
      { id: 'latte', quantity: 1, options: ['large'] },
    ]);
    expect(orderableLines(cart, menu(false))).toEqual([{ id: 'americano', quantity: 2 }]);
  });

  it('a line whose choices its item no longer allows (a group that became required) leaves the order too', () => {
    const milk = { id: 'milk', name: 'Milk', names: { en: 'Milk' }, min: 1, max: 1, options: [option('oat', 0)] };
    const menu = [item('americano', 4500, { optionGroups: [milk] }), { ...latte, optionGroups: [...latte.optionGroups, milk] }];
    const cart = [
      { id: 'americano', quantity: 1 },
      { id: 'latte', quantity: 1, options: ['large'] },
      { id: 'latte', quantity: 1, options: ['large', 'oat'] },
    ];
    expect(orderableLines(cart, menu)).toEqual([{ id: 'latte', quantity: 1, options: ['large', 'oat'] }]);
  });

  it('the order the kiosk sends costs what the kiosk showed: a default option the customer took off stays off', () => {
    const cream = { id: 'topping', name: 'Topping', names: { en: 'Topping' }, min: 0, max: 1, options: [option('whipped-cream', 500, true)] };
    const mocha = item('mocha', 5000, { optionGroups: [cream] });
    const menu = [item('americano', 4500), mocha];
    // The customer unticked the cream in the dialog (an empty choice), and took an americano, which has no options.
    const cart = [{ id: 'mocha', quantity: 1, options: [] }, { id: 'americano', quantity: 1 }];
    const request = sessionRequestOf({ idempotencyKey: 'k', items: cart });
    expect(request.items).toEqual([{ id: 'mocha', quantity: 1, options: [] }, { id: 'americano', quantity: 1, options: [] }]);
    expect(priceCart(request.items, { currency: 'usd', items: menu, categories: [] })).toMatchObject({ amount: 9500 });
    expect(cartTotal(cart, menu)).toBe(9500);
  });

  it('a cancelled payment returns to the same order: the session’s lines with their options', () => {
    const session = sessionView({
      items: [
        {
          id: 'latte',
          name: 'Café Latte',
          names: { en: 'Café Latte' },
          price: 6000,
          quantity: 2,
          options: [{ id: 'large', groupId: 'size', name: 'Large', names: { en: 'Large' }, priceChange: 500 }],
        },
      ],
    });
    expect(cartLinesOf(session)).toEqual([{ id: 'latte', quantity: 2, options: ['large'] }]);
  });

  it('the reader’s cart names each line’s options and shows the item’s price beside its quantity, priced by the server', () => {
    const session = sessionView({
      amount: 12000,
      items: [
        {
          id: 'latte',
          name: 'Café Latte',
          names: { en: 'Café Latte', ko: '카페 라테' },
          price: 6000,
          quantity: 2,
          options: [
            { id: 'large', groupId: 'size', name: 'Large', names: { en: 'Large' }, priceChange: 500 },
            { id: 'iced', groupId: 'temperature', name: 'Iced', names: { en: 'Iced' }, priceChange: 0 },
            { id: 'extra-shot', groupId: 'extras', name: 'Extra shot', names: { en: 'Extra shot' }, priceChange: 500 },
          ],
        },
      ],
    });
    expect(readerDisplayFor(session).cart).toEqual({
      line_items: [{ description: 'Café Latte (Large, Iced, Extra shot)', amount: 6000, quantity: 2 }],
      tax: 0,
      total: 12000,
      currency: 'usd',
    });
  });

  it('the developer panel can offer all ten cards of the design’s table', () => {
    expect(DESIGN_TEST_CARDS).toHaveLength(10);
  });
});
