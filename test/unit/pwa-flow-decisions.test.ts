import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../shared/api.ts';
import { sessionView } from '../support/session-view.ts';
import type { SessionStatus } from '../../shared/session-status.ts';
import { DESIGN_TEST_CARDS, TEST_CARDS } from '../../shared/test-cards.ts';
import { declineMessageKey } from '../../pwa/src/declines.ts';
import {
  addToCart,
  brandName,
  cartTotal,
  orderableLines,
  readerProblemOf,
  recoveryFor,
  removeFromCart,
  settlementFor,
  verdictOf,
} from '../../pwa/src/flow-decisions.ts';
import { translate } from '../../pwa/src/i18n.ts';
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

  it('a checkout cancelled before its session existed is dropped, not re-created', () => {
    expect(recoveryFor({ idempotencyKey: 'key-1', items: stored.items, cancelRequested: true }, null)).toBe('clear');
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

  it('the explanation exists in English and Korean', () => {
    expect(translate('en', declineMessageKey('insufficient_funds'))).toBe('There is not enough money on this card.');
    expect(translate('ko', declineMessageKey('insufficient_funds'))).toBe('카드 잔액이 부족합니다.');
  });
});

describe('the texts customers and the end-to-end tests look for', () => {
  it.each([
    ['status.waiting_card', 'Insert or tap your card', '카드를 넣거나 대주세요'],
    ['status.processing', 'Processing', '결제 처리 중'],
    ['status.success', 'Payment successful', '결제 완료'],
    ['status.failed', 'Payment declined', '결제 거절'],
    ['status.cancelled', 'Payment cancelled', '결제 취소됨'],
    ['payment.tryAnotherCard', 'Try another card', '다른 카드로 결제'],
    ['payment.cancel', 'Cancel', '취소'],
    ['offline.title', 'No connection', '연결 없음'],
    ['language.toggle', '한국어', 'English'],
  ] as const)('%s', (key, english, korean) => {
    expect(translate('en', key)).toBe(english);
    expect(translate('ko', key)).toBe(korean);
  });

  it('fills in amounts and card details', () => {
    expect(translate('en', 'cart.pay', { amount: '₩9,000' })).toBe('Pay ₩9,000');
    expect(translate('en', 'payment.card', { brand: brandName('visa'), last4: '4242' })).toBe('Visa •••• 4242');
  });
});

describe('the cart', () => {
  const items = [
    { id: 'americano', name: 'Americano', price: 4500 },
    { id: 'latte', name: 'Latte', price: 5000 },
  ];

  it('adds, counts and removes items one at a time', () => {
    let cart = addToCart([], 'americano');
    cart = addToCart(cart, 'americano');
    cart = addToCart(cart, 'latte');
    expect(cart).toEqual([
      { id: 'americano', quantity: 2 },
      { id: 'latte', quantity: 1 },
    ]);
    expect(cartTotal(cart, items)).toBe(14000);
    cart = removeFromCart(removeFromCart(cart, 'latte'), 'americano');
    expect(cart).toEqual([{ id: 'americano', quantity: 1 }]);
  });

  it('an item that sold out or went off the menu meanwhile leaves the order; the rest stays', () => {
    const menu = (available: boolean) => [
      { id: 'americano', name: 'Americano', price: 4500, category: 'coffee', names: { en: 'Americano' }, photoUrl: null, available: true },
      { id: 'latte', name: 'Latte', price: 5000, category: 'coffee', names: { en: 'Latte' }, photoUrl: null, available },
    ];
    const cart = [
      { id: 'americano', quantity: 2 },
      { id: 'latte', quantity: 1 },
      { id: 'bagel', quantity: 1 },
    ];
    expect(orderableLines(cart, menu(true))).toEqual([{ id: 'americano', quantity: 2 }, { id: 'latte', quantity: 1 }]);
    expect(orderableLines(cart, menu(false))).toEqual([{ id: 'americano', quantity: 2 }]);
  });

  it('the developer panel can offer all ten cards of the design’s table', () => {
    expect(DESIGN_TEST_CARDS).toHaveLength(10);
  });
});
