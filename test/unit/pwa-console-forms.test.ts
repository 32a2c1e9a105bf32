import { describe, expect, it } from 'vitest';
import type { CatalogEntry, DailySales, SessionDetail } from '../../shared/api.ts';
import { amountText, dateTime, daysFrom, parseAmount, priceChangeExample, time } from '../../pwa/src/console/format.ts';
import { hasMessage, languageFromBrowser, translate } from '../../pwa/src/console/i18n.ts';
import { draftOf, requestOf, unsoldCurrencies } from '../../pwa/src/console/store/menu-item.ts';
import { moved, newGroup, newOption, parsePriceChange, plainRefusal } from '../../pwa/src/console/store/option-groups-draft.ts';
import { currenciesOf, netByDay, rangeProblem } from '../../pwa/src/console/store/sales.ts';
import { attentionCause } from '../../shared/attention-reason.ts';
import { awaitsOperator, canCancel, offersRefundAtReader, refundable } from '../../pwa/src/console/store/session-detail.ts';
import { sessionView } from '../support/session-view.ts';

const latte: CatalogEntry = {
  id: 'latte',
  category: 'coffee',
  name: { en: 'Café Latte', ko: '카페 라테' },
  prices: { usd: 550, krw: 5000 },
  optionGroups: [],
  available: true,
  photoUrl: null,
  soldOutAt: [],
  createdAt: 1,
  updatedAt: 1,
};

describe('amounts as operators type them', () => {
  it('reads dollars and cents, and whole won, in the smallest unit', () => {
    expect(parseAmount('5.5', 'usd')).toBe(550);
    expect(parseAmount(' 1,234.05 ', 'usd')).toBe(123405);
    expect(parseAmount('12', 'usd')).toBe(1200);
    expect(parseAmount('5,000', 'krw')).toBe(5000);
    expect(parseAmount('500', 'jpy')).toBe(500);
  });

  it('refuses what is not an amount in that currency', () => {
    for (const [text, currency] of [['', 'usd'], ['5.555', 'usd'], ['-1', 'usd'], ['1e3', 'usd'], ['abc', 'usd'], ['50.5', 'krw']]) {
      expect(parseAmount(text!, currency!), `${text} ${currency}`).toBeNull();
    }
  });

  it('takes a comma only between groups of three digits: "5,50" is refused, never read as 550 dollars', () => {
    for (const [text, currency] of [['5,50', 'usd'], ['4,5', 'usd'], ['1,23.45', 'usd'], ['12,34', 'krw'], [',500', 'usd'], ['500,', 'usd']]) {
      expect(parseAmount(text!, currency!), `${text} ${currency}`).toBeNull();
    }
    expect(parseAmount('1,234,567.89', 'usd')).toBe(123456789);
    expect(parseAmount('12 000', 'krw')).toBe(12000);
  });

  it('writes back what it reads', () => {
    for (const [amount, currency] of [[550, 'usd'], [5, 'usd'], [5000, 'krw']] as const) {
      expect(parseAmount(amountText(amount, currency), currency)).toBe(amount);
    }
    expect(amountText(550, 'usd')).toBe('5.50');
  });

  it('says a moment of today by its time, and one of another day with its date (a kiosk last seen two days ago)', () => {
    const now = new Date(2026, 10, 29, 9, 30).getTime();
    expect(time(new Date(2026, 10, 29, 8, 5).getTime(), 'en-US', now)).toMatch(/^8:05\sAM$/);
    expect(time(new Date(2026, 10, 27, 17, 40).getTime(), 'en-US', now)).toMatch(/^Nov 27, 2026, 5:40\sPM$/);
    expect(time(new Date(2026, 10, 27, 17, 40).getTime(), 'ko-KR', now)).toBe('2026. 11. 27. 오후 5:40');
  });

  it('names the time zone of every date and time, the store’s where given, in the operator’s language', () => {
    const at = Date.UTC(2026, 10, 29, 11, 5, 7);
    expect(dateTime(at, 'en-US', 'America/Los_Angeles')).toMatch(/^Nov 29, 2026, 3:05:07\sAM PST$/);
    expect(dateTime(at, 'ko-KR', 'America/Los_Angeles')).toMatch(/^2026\. 11\. 29\. .*3시 5분 7초 GMT-8$/);
    expect(dateTime(at, 'ja-JP', 'America/Los_Angeles')).toMatch(/^2026\/11\/29 3:05:07 GMT-8$/);
    expect(dateTime(at, 'en-US', 'Asia/Seoul')).toMatch(/^Nov 29, 2026, 8:05:07\sPM GMT\+9$/);
  });

  it('lists every day of a report, both ends included', () => {
    expect(daysFrom('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysFrom('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

describe('the menu item form', () => {
  it('shows a price field per currency the account takes, and leaves the others out', () => {
    const draft = draftOf(latte, ['usd', 'eur']);
    expect(draft).toMatchObject({ id: 'latte', name: { en: 'Café Latte', ko: '카페 라테', ja: '' }, prices: { usd: '5.50', eur: '' }, groups: [] });
    expect(unsoldCurrencies(latte, ['usd', 'eur'])).toEqual(['krw']);
  });

  it('makes the request the worker takes: names, category, prices in the smallest unit, empty prices left out', () => {
    const draft = { ...draftOf(latte, ['usd', 'eur']), name: { en: 'Café Latte', ko: ' ', ja: 'カフェラテ' }, prices: { usd: '6', eur: '' } };
    expect(requestOf(draft)).toEqual({
      request: { name: { en: 'Café Latte', ja: 'カフェラテ' }, category: 'coffee', prices: { usd: 600 }, optionGroups: [], available: true },
    });
  });

  it('says what is wrong before asking the worker', () => {
    const good = draftOf(latte, ['usd']);
    expect(requestOf({ ...good, id: 'Iced Latte' })).toEqual({ problem: 'id' });
    expect(requestOf({ ...good, id: 'new' })).toEqual({ problem: 'id' });
    expect(requestOf({ ...good, category: 'Hot drinks' })).toEqual({ problem: 'category' });
    expect(requestOf({ ...good, name: { en: '  ', ko: '', ja: '' } })).toEqual({ problem: 'name' });
    expect(requestOf({ ...good, prices: { usd: '5.555' } })).toEqual({ problem: 'price', currency: 'usd' });
    expect(requestOf({ ...good, prices: { usd: '0' } })).toEqual({ problem: 'price', currency: 'usd' });
    expect(requestOf({ ...good, prices: { usd: '' } })).toEqual({ problem: 'noPrice' });
    // A new item would replace the one on the menu with its id.
    expect(requestOf(good, ['bagel', 'latte'])).toEqual({ problem: 'idTaken' });
    expect(requestOf(good, ['bagel'])).toHaveProperty('request');
  });
});

describe("the menu item form's option groups", () => {
  const withSize: CatalogEntry = {
    ...latte,
    prices: { usd: 550 },
    optionGroups: [
      {
        id: 'size',
        name: { en: 'Size', ja: 'サイズ' },
        min: 1,
        max: 1,
        options: [
          { id: 'regular', name: { en: 'Regular' }, priceChange: {}, default: true },
          { id: 'large', name: { en: 'Large' }, priceChange: { usd: 50, krw: 500 }, default: false },
        ],
      },
    ],
  };

  it("writes an item's groups back as they were, in the currencies the form prices in", () => {
    const draft = draftOf(withSize, ['usd']);
    expect(draft.groups[0]).toMatchObject({ id: 'size', name: { en: 'Size', ko: '', ja: 'サイズ' }, min: '1', max: '1' });
    expect(draft.groups[0]!.options.map((o) => [o.id, o.priceChange, o.isDefault])).toEqual([
      ['regular', { usd: '' }, true],
      ['large', { usd: '0.50' }, false],
    ]);
    expect(requestOf(draft)).toMatchObject({ request: { optionGroups: withSize.optionGroups.map((g) => ({ ...g, options: [g.options[0], { ...g.options[1], priceChange: { usd: 50 } }] })) } });
  });

  it('gives a new group and new options ids from their English names, each once in the item, and reads price changes with a sign', () => {
    const draft = draftOf(withSize, ['usd']);
    const milk = newGroup(['usd']);
    milk.name.en = 'Milk';
    milk.options = [
      { ...newOption(['usd']), name: { en: 'Oat milk', ko: '귀리 우유', ja: '' }, priceChange: { usd: '+0.60' } },
      { ...newOption(['usd']), name: { en: 'Large', ko: '', ja: '' }, priceChange: { usd: '-0.25' }, isDefault: true },
    ];
    const checked = requestOf({ ...draft, groups: [...draft.groups, milk] });
    expect('request' in checked && checked.request.optionGroups?.[1]).toEqual({
      id: 'milk',
      name: { en: 'Milk' },
      min: 0,
      max: 1,
      options: [
        { id: 'oat-milk', name: { en: 'Oat milk', ko: '귀리 우유' }, priceChange: { usd: 60 }, default: false },
        { id: 'large-2', name: { en: 'Large' }, priceChange: { usd: -25 }, default: true },
      ],
    });
  });

  it('the hint beside a price change gives examples the form accepts in its currency: 0.50 in dollars, 500 in won or yen', () => {
    for (const currency of ['usd', 'krw', 'jpy']) {
      for (const language of ['en', 'ko', 'ja'] as const) {
        const hint = translate(language, 'options.priceChangeHelp', { example: priceChangeExample(currency) });
        const examples = hint.match(/[-−]?\d[\d.,]*\d/g) ?? [];
        expect(examples, `${language} ${currency}: ${hint}`).toHaveLength(2);
        for (const example of examples) expect(parsePriceChange(example, currency), `${language} ${currency}: ${example}`).not.toBeNull();
      }
    }
    expect(translate('en', 'options.priceChangeHelp', { example: priceChangeExample('krw') })).toBe('For example 500, or -500 for a cheaper choice.');
    expect(translate('en', 'options.priceChangeHelp', { example: priceChangeExample('usd') })).toBe('For example 0.50, or -0.50 for a cheaper choice.');
  });

  it('says which group or option is wrong before asking the worker', () => {
    const draft = draftOf(withSize, ['usd']);
    const size = draft.groups[0]!;
    const changed = (change: Partial<typeof size>) => requestOf({ ...draft, groups: [{ ...size, ...change }] });
    expect(changed({ name: { en: '사이즈', ko: '', ja: '' }, id: '' })).toEqual({ problem: 'groupName', group: 1 });
    expect(changed({ options: [] })).toEqual({ problem: 'noOptions', group: 1 });
    expect(changed({ options: [size.options[0]!, { ...size.options[1]!, name: { en: ' ', ko: '', ja: '' } }] })).toEqual({ problem: 'optionName', group: 1, option: 2 });
    expect(changed({ max: '3' })).toEqual({ problem: 'choices', group: 1 });
    expect(changed({ min: '2', max: '1' })).toEqual({ problem: 'choices', group: 1 });
    expect(changed({ max: '0', min: '0' })).toEqual({ problem: 'choices', group: 1 });
    expect(changed({ max: '1.5' })).toEqual({ problem: 'choices', group: 1 });
    expect(changed({ options: size.options.map((o) => ({ ...o, isDefault: true })) })).toEqual({ problem: 'defaults', group: 1 });
    expect(changed({ options: [size.options[0]!, { ...size.options[1]!, priceChange: { usd: '0.505' } }] })).toEqual({
      problem: 'priceChange',
      group: 1,
      option: 2,
      currency: 'usd',
    });
  });

  it('moves a group or an option one place, and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it("says the worker's refusal with the group's and option's names instead of their place in the request", () => {
    const groups = withSize.optionGroups;
    expect(plainRefusal('optionGroups.0.options.1.name.en: Too big', groups)).toBe('Size › Large: Too big');
    expect(plainRefusal('optionGroups.size.large.priceChange: give the change in EUR too', groups)).toBe('Size › Large: give the change in EUR too');
    expect(plainRefusal('optionGroups.0.max: max must not be more than the number of options', groups)).toBe('Size: max must not be more than the number of options');
    expect(plainRefusal('category: a slug', groups)).toBe('category: a slug');
  });
});

describe('what an operator may do with a session', () => {
  const detail = (overrides: Parameters<typeof sessionView>[0], handledAt: number | null = null, extra: Partial<SessionDetail> = {}): SessionDetail => ({
    kioskId: 'k_1',
    session: sessionView(overrides),
    chargeId: null,
    timeline: [],
    handledAt,
    timeZone: 'UTC',
    paidWith: 'card_present',
    inPersonRefund: null,
    refundable: 0,
    ...extra,
  });

  it('offers the reader’s refund for Interac money: paid, or held by a session that must not keep it, while some is left', () => {
    const interac = { paidWith: 'interac_present' };
    expect(offersRefundAtReader(detail({ status: 'success' }, null, { ...interac, refundable: 1200 }))).toBe(true);
    expect(offersRefundAtReader(detail({ status: 'requires_attention' }, null, { ...interac, refundable: 999 }))).toBe(true);
    // Given back in full: its last attempt still shows how it ended.
    const refunded = { status: 'succeeded' as const, readerId: 'tmr_1', amount: 999, refundId: 're_1', failureCode: null, failureMessage: null, startedAt: 1 };
    expect(offersRefundAtReader(detail({ status: 'requires_attention' }, null, { ...interac, inPersonRefund: refunded }))).toBe(true);
    expect(offersRefundAtReader(detail({ status: 'requires_attention' }, null, interac))).toBe(false);
    expect(offersRefundAtReader(detail({ status: 'cancelled' }, null, interac))).toBe(false);
    expect(offersRefundAtReader(detail({ status: 'success' }, null, { refundable: 1200 }))).toBe(false);
  });

  it('refunds what is left of a paid session, its tip included, and nothing of an unpaid one', () => {
    expect(refundable(detail({ status: 'success', amount: 1100, tip: 200, refunded: 300 }))).toBe(1000);
    expect(refundable(detail({ status: 'success', amount: 1100, refunded: 1100 }))).toBe(0);
    for (const status of ['waiting_card', 'failed', 'cancelled', 'requires_attention'] as const) {
      expect(refundable(detail({ status, amount: 1100 })), status).toBe(0);
    }
  });

  it('cancels only a session that is still open', () => {
    expect(canCancel(detail({ status: 'waiting_card' }))).toBe(true);
    expect(canCancel(detail({ status: 'failed' }))).toBe(true);
    expect(canCancel(detail({ status: 'success' }))).toBe(false);
    expect(canCancel(detail({ status: 'requires_attention' }))).toBe(false);
  });

  it('marks handled only a session that needs an operator and was not marked yet', () => {
    expect(awaitsOperator(detail({ status: 'requires_attention' }))).toBe(true);
    expect(awaitsOperator(detail({ status: 'requires_attention' }, Date.now()))).toBe(false);
    expect(awaitsOperator(detail({ status: 'success' }))).toBe(false);
  });
});

describe('why a session needs an operator', () => {
  it('reads the reason the worker recorded: paid after a cancel, another amount (its tip included), another currency, another payment', () => {
    expect(attentionCause('paid_after_cancellation')).toEqual({ kind: 'paid_after_cancellation' });
    expect(attentionCause('amount 650 != 550')).toEqual({ kind: 'amount', charged: 650, ordered: 550 });
    expect(attentionCause('amount 800 != 550 + tip 100')).toEqual({ kind: 'amount', charged: 800, ordered: 650 });
    expect(attentionCause('amount received 1 != 550')).toEqual({ kind: 'amount', charged: 1, ordered: 550 });
    expect(attentionCause('currency cad != usd')).toEqual({ kind: 'currency', charged: 'cad', ordered: 'usd' });
    expect(attentionCause('sessionId in metadata does not match')).toEqual({ kind: 'mismatch' });
  });
});

describe('sales for the chart', () => {
  it('knows the days a report cannot cover: a first day after the last, more than a year (a leap year is one)', () => {
    expect(rangeProblem({ from: '2026-01-02', to: '2026-01-01' })).toBe('fromAfterTo');
    expect(rangeProblem({ from: '2026-01-01', to: '2026-01-01' })).toBeNull();
    expect(rangeProblem({ from: '2024-01-01', to: '2024-12-31' })).toBeNull();
    expect(rangeProblem({ from: '2024-01-01', to: '2025-01-01' })).toBe('tooLong');
  });

  const day = (date: string, locationId: string, currency: string, net: number): DailySales => ({ date, locationId, currency, count: 1, gross: net, refunded: 0, net });

  it('adds up every store’s net sales per day, in one currency', () => {
    const days = [day('2026-11-26', 'tml_a', 'usd', 500), day('2026-11-26', 'tml_b', 'usd', 250), day('2026-11-27', 'tml_a', 'usd', -100), day('2026-11-27', 'tml_c', 'krw', 9000)];
    expect([...netByDay(days, 'usd')]).toEqual([['2026-11-26', 750], ['2026-11-27', -100]]);
    expect(currenciesOf(days)).toEqual(['krw', 'usd']);
  });
});

describe('the console’s languages', () => {
  it('the first of the browser’s languages it speaks (Korean, Japanese, English), English otherwise', () => {
    expect(languageFromBrowser(['ko-KR', 'en-US'])).toBe('ko');
    expect(languageFromBrowser(['fr-FR', 'ja-JP', 'ko'])).toBe('ja');
    expect(languageFromBrowser(['fr-FR', 'ko'])).toBe('ko');
    expect(languageFromBrowser(['en-GB', 'ko-KR'])).toBe('en');
    expect(languageFromBrowser(['fr-FR'])).toBe('en');
  });

  it('fills in what a text names, and knows which error codes it can say in the operator’s language', () => {
    expect(translate('ko', 'refund.made', { amount: '₩5,000' })).toBe('₩5,000 환불했습니다.');
    expect(translate('en', 'fleet.attention', { count: 2 })).toBe('Needs attention: 2');
    expect(translate('ja', 'refund.made', { amount: '¥500' })).toBe('¥500 を返金しました。');
    expect(hasMessage('error.refund_exceeds_payment')).toBe(true);
    expect(hasMessage('error.something_new')).toBe(false);
  });

  it('counts in English that reads right for one as for many: no “1 kiosks”, “1 need attention” or “over 1 days”', () => {
    expect(translate('en', 'fleet.kioskCount', { count: 1 })).toBe('Kiosks: 1');
    expect(translate('en', 'fleet.attention', { count: 1 })).toBe('Needs attention: 1');
    expect(translate('en', 'sales.chartSummary', { total: '$5.00', best: '$5.00', days: 1 })).toBe('Net sales per day. Days shown: 1. Total: $5.00. Best day: $5.00.');
  });

  it('says in the operator’s language every refusal the admin API answers a console action with', () => {
    const codes = [
      'location_country_mismatch', 'terminal_unavailable', 'currency_not_priced', 'currency_not_supported', 'unknown_location',
      'location_required', 'already_paid', 'requires_attention', 'invalid_transition', 'not_requires_attention', 'idempotency_conflict', 'not_paid',
      'refund_exceeds_payment', 'refund_in_person', 'stripe_unavailable', 'stripe_busy', 'stripe_error', 'stripe_rejected',
      'internal_error', 'reader_not_found', 'reader_already_bound', 'invalid_registration_code', 'cross_origin_request',
    ];
    expect(codes.filter((code) => !hasMessage(`error.${code}`))).toEqual([]);
  });
});
