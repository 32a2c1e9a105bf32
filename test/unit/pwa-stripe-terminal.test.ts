import type { StripeTerminal, TerminalProps } from '@stripe/terminal-js';
import { describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../shared/api.ts';
import { readerDisplayFor } from '../../pwa/src/flow-decisions.ts';
import type { TerminalError, TerminalReader } from '../../pwa/src/terminal/adapter.ts';
import { collectWithCart } from '../../pwa/src/terminal/collect-with-cart.ts';
import { screenForTerminalError } from '../../pwa/src/terminal/errors.ts';
import { createStripeTerminalAdapter } from '../../pwa/src/terminal/stripe-terminal.ts';

const READER: TerminalReader = { id: 'tmr_1', label: 'Front counter', device_type: 'simulated_wisepos_e', status: 'online', location: 'tml_1' };

type Answer = Record<string, unknown>;

/**
 * A stand-in for the object `StripeTerminal.create()` returns, answering as the SDK's types and docs say:
 * `{ result } | { error: { code, message } }`, and `getConnectedReader()` reflecting connect/disconnect.
 */
class FakeTerminal {
  calls: string[] = [];
  connected: TerminalReader | null = null;
  discoverAnswers: Answer[] = [];
  connectAnswers: Answer[] = [];
  collectAnswers: Answer[] = [];
  processAnswers: Answer[] = [];
  lastDiscovery: unknown;
  connectOptions: unknown[] = [];
  displayed: unknown[] = [];

  constructor(readonly props: TerminalProps) {}

  async discoverReaders(config: unknown) {
    this.calls.push('discoverReaders');
    this.lastDiscovery = config;
    return this.discoverAnswers.shift() ?? { discoveredReaders: [READER] };
  }
  async connectReader(reader: TerminalReader, options: unknown) {
    this.calls.push('connectReader');
    this.connectOptions.push(options);
    const answer = this.connectAnswers.shift() ?? { reader };
    if ('reader' in answer) this.connected = reader;
    return answer;
  }
  async disconnectReader() {
    this.calls.push('disconnectReader');
    this.connected = null;
    return {};
  }
  getConnectedReader() {
    return this.connected;
  }
  async setReaderDisplay(request: unknown) {
    this.calls.push('setReaderDisplay');
    this.displayed.push(request);
    return {};
  }
  async clearReaderDisplay() {
    this.calls.push('clearReaderDisplay');
    return {};
  }
  async collectPaymentMethod(clientSecret: string) {
    this.calls.push(`collectPaymentMethod:${clientSecret}`);
    return this.collectAnswers.shift() ?? { paymentIntent: { id: 'pi_1', status: 'requires_confirmation' } };
  }
  async cancelCollectPaymentMethod() {
    this.calls.push('cancelCollectPaymentMethod');
    return {};
  }
  async processPayment(paymentIntent: { id: string }) {
    this.calls.push(`processPayment:${paymentIntent.id}`);
    return this.processAnswers.shift() ?? { paymentIntent: { id: paymentIntent.id, status: 'succeeded' } };
  }
  setSimulatorConfiguration() {}
}

function setUp(options: { mode?: 'test' | 'live'; connected?: TerminalReader } = {}) {
  let fake: FakeTerminal | undefined;
  const sdk = { create: (props: TerminalProps) => (fake = new FakeTerminal(props)) } as unknown as StripeTerminal;
  let tokens = 0;
  const fetchConnectionToken = vi.fn(async () => `pst_test_${++tokens}`);
  const sleeps: number[] = [];
  const events = { onReaderLost: vi.fn(), onReaderReconnected: vi.fn(), onReaderInUse: vi.fn() };
  const adapterPromise = createStripeTerminalAdapter({
    mode: options.mode ?? 'test',
    locationId: 'tml_1',
    fetchConnectionToken,
    events,
    loadSdk: async () => sdk,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return {
    adapterPromise,
    fake: () => fake!,
    fetchConnectionToken,
    sleeps,
    events,
  };
}

const SESSION: SessionView = {
  sessionId: 'ses_1',
  paymentIntentId: 'pi_1',
  clientSecret: 'pi_1_secret_abc',
  amount: 9000,
  currency: 'krw',
  status: 'waiting_card',
  items: [{ id: 'americano', name: 'Americano', price: 4500, quantity: 2 }],
  refunded: 0,
  refunds: [],
  expiresAt: null,
  createdAt: 0,
  updatedAt: 0,
};

describe('the Stripe Terminal SDK adapter', () => {
  it('asks the worker for a fresh connection token every time the SDK needs one (never a cached, redeemed one)', async () => {
    const { adapterPromise, fake, fetchConnectionToken } = setUp();
    await adapterPromise;
    expect(await fake().props.onFetchConnectionToken()).toBe('pst_test_1');
    expect(await fake().props.onFetchConnectionToken()).toBe('pst_test_2');
    expect(fetchConnectionToken).toHaveBeenCalledTimes(2);
  });

  it('looks for readers only at the kiosk’s location, on Stripe’s simulator in test mode', async () => {
    const test = setUp({ mode: 'test' });
    await (await test.adapterPromise).ensureConnected();
    expect(test.fake().lastDiscovery).toEqual({ simulated: true, location: 'tml_1' });

    const live = setUp({ mode: 'live' });
    await (await live.adapterPromise).ensureConnected();
    expect(live.fake().lastDiscovery).toEqual({ simulated: false, location: 'tml_1' });
  });

  it('connects with fail_if_in_use so it never takes over a reader mid-payment elsewhere', async () => {
    const { adapterPromise, fake } = setUp();
    const result = await (await adapterPromise).ensureConnected();
    expect(result).toEqual({ reader: READER });
    expect(fake().connectOptions).toEqual([{ fail_if_in_use: true }]);
  });

  it('drops a stale connection before connecting again', async () => {
    const { adapterPromise, fake } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    fake().calls = [];
    // The SDK reports the reader gone but still holds the old connection.
    fake().props.onUnexpectedReaderDisconnect?.({});
    await adapter.ensureConnected();
    expect(fake().calls).toEqual(['disconnectReader', 'discoverReaders', 'connectReader']);
  });

  it('disconnects and connects again when the SDK says it is already connected', async () => {
    const { adapterPromise, fake } = setUp();
    const adapter = await adapterPromise;
    fake().connectAnswers = [{ error: { code: 'already_connected', message: 'Already connected to a reader' } }];
    expect(await adapter.ensureConnected()).toEqual({ reader: READER });
    expect(fake().calls).toEqual(['discoverReaders', 'connectReader', 'disconnectReader', 'connectReader']);
  });

  it('says the reader is in use by another point of sale, waits and tries again', async () => {
    const { adapterPromise, fake, events, sleeps } = setUp();
    const adapter = await adapterPromise;
    fake().connectAnswers = [
      { error: { code: 'reader_error', message: 'The reader is already in use by another point of sale' } },
      { error: { code: 'reader_error', message: 'The reader is already in use by another point of sale' } },
    ];
    expect(await adapter.ensureConnected()).toEqual({ reader: READER });
    expect(events.onReaderInUse).toHaveBeenCalledTimes(2);
    expect(fake().connectOptions).toEqual([{ fail_if_in_use: true }, { fail_if_in_use: true }, { fail_if_in_use: true }]);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('gives up on a reader that stays in use, so the customer is not left waiting forever', async () => {
    const { adapterPromise, fake } = setUp();
    const adapter = await adapterPromise;
    const inUse = { error: { code: 'reader_error', message: 'Reader is in use' } };
    fake().connectAnswers = Array.from({ length: 10 }, () => inUse);
    const result = await adapter.ensureConnected();
    expect(result).toEqual(inUse);
    expect(screenForTerminalError(inUse.error, 'connect')).toEqual({ screen: 'retry', messageKey: 'reader.inUse' });
  });

  it('reconnects by itself with growing pauses after the reader drops, and says so', async () => {
    const { adapterPromise, fake, events, sleeps } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    fake().connected = null;
    fake().connectAnswers = [
      { error: { code: 'network_error', message: 'Could not reach the reader' } },
      { error: { code: 'network_timeout', message: 'Timed out' } },
    ];
    fake().props.onUnexpectedReaderDisconnect?.({ error: { message: 'Reader disconnected' } });
    expect(events.onReaderLost).toHaveBeenCalledTimes(1);
    // A payment waiting for the reader shares the reconnect instead of starting its own.
    expect(await adapter.ensureConnected()).toEqual({ reader: READER });
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(events.onReaderReconnected).toHaveBeenCalledWith(READER);
  });

  it('stops reconnecting once the kiosk no longer uses the reader', async () => {
    const { adapterPromise, fake, sleeps } = setUp();
    const adapter = await adapterPromise;
    fake().props.onUnexpectedReaderDisconnect?.({});
    adapter.dispose();
    const result = await adapter.ensureConnected();
    expect(result).toMatchObject({ error: { code: 'canceled' } });
    expect(sleeps).toEqual([500]);
  });

  it('shows the cart on the reader before waiting for the card', async () => {
    const { adapterPromise, fake } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    fake().calls = [];
    const result = await collectWithCart(adapter, SESSION.clientSecret, readerDisplayFor(SESSION), () => true);
    expect(result).toEqual({ paymentIntent: { id: 'pi_1', status: 'requires_confirmation' } });
    expect(fake().calls).toEqual(['setReaderDisplay', 'collectPaymentMethod:pi_1_secret_abc']);
    expect(fake().displayed).toEqual([
      {
        type: 'cart',
        cart: { line_items: [{ description: 'Americano', amount: 9000, quantity: 2 }], tax: 0, total: 9000, currency: 'krw' },
      },
    ]);
  });

  it('does not start waiting for a card when the customer cancelled while the cart was being shown', async () => {
    const { adapterPromise, fake } = setUp();
    const adapter = await adapterPromise;
    const result = await collectWithCart(adapter, SESSION.clientSecret, readerDisplayFor(SESSION), () => false);
    expect(result).toMatchObject({ error: { code: 'canceled' } });
    expect(fake().calls).toEqual(['setReaderDisplay']);
  });

  it('passes a declined card through with its decline code and PaymentIntent, which leads to "try another card"', async () => {
    const { adapterPromise, fake } = setUp();
    const adapter = await adapterPromise;
    const decline = {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      payment_intent: { id: 'pi_1', status: 'requires_payment_method' },
    };
    fake().processAnswers = [{ error: decline }];
    const result = await adapter.processPayment({ id: 'pi_1', status: 'requires_confirmation' });
    expect(result).toEqual({ error: decline });
    expect(screenForTerminalError(decline, 'process')).toEqual({ screen: 'declined', messageKey: 'decline.insufficient_funds' });
  });

  it('fails to start when Stripe’s SDK cannot be loaded (no internet)', async () => {
    await expect(
      createStripeTerminalAdapter({ mode: 'live', locationId: 'tml_1', fetchConnectionToken: async () => 'x', loadSdk: async () => null }),
    ).rejects.toThrow(/could not be loaded/);
  });
});

describe('what each SDK error means for the customer', () => {
  const error = (code: string, extra: Partial<TerminalError> = {}): TerminalError => ({ code, message: code, ...extra });

  it.each([
    ['no_established_connection', 'collect', 'reader_lost', 'reader.lost'],
    ['reader_error', 'collect', 'reader_lost', 'reader.lost'],
    ['reader_error', 'connect', 'reader_lost', 'reader.lost'],
    ['canceled', 'collect', 'cancelled', 'status.cancelled'],
    ['network_error', 'connect', 'offline', 'error.network'],
    ['network_timeout', 'collect', 'offline', 'error.network'],
    ['failed_fetch_connection_token', 'connect', 'offline', 'error.connectionToken'],
    ['already_connected', 'connect', 'retry', 'reader.busy'],
    ['command_already_in_progress', 'collect', 'retry', 'reader.busy'],
    ['no_readers_found', 'connect', 'retry', 'reader.notFound'],
    ['something_new', 'collect', 'retry', 'error.generic'],
  ] as const)('%s while %s -> %s (%s)', (code, phase, screen, messageKey) => {
    expect(screenForTerminalError(error(code), phase)).toEqual({ screen, messageKey });
  });

  it('a network failure while processing leaves the outcome unknown: the server is asked before anything else', () => {
    for (const code of ['network_error', 'network_timeout', 'reader_error', 'no_established_connection']) {
      expect(screenForTerminalError(error(code), 'process')).toEqual({ screen: 'verify', messageKey: 'status.checking' });
    }
  });

  it('a PaymentIntent still awaiting confirmation is processed again, not collected again', () => {
    const pending = error('network_error', { payment_intent: { id: 'pi_1', status: 'requires_confirmation' } });
    expect(screenForTerminalError(pending, 'process').screen).toBe('retry');
  });

  it.each([
    ['card_declined', undefined, 'decline.card_declined'],
    ['card_declined', 'insufficient_funds', 'decline.insufficient_funds'],
    ['card_declined', 'lost_card', 'decline.lost_card'],
    ['card_declined', 'stolen_card', 'decline.stolen_card'],
    ['card_declined', 'expired_card', 'decline.expired_card'],
    ['card_declined', 'processing_error', 'decline.processing_error'],
    ['card_declined', 'incorrect_pin', 'decline.incorrect_pin'],
    ['card_declined', 'call_issuer', 'decline.call_issuer'],
    ['card_declined', 'generic_decline', 'decline.generic_decline'],
    ['card_declined', 'a_code_nobody_knows', 'decline.generic_decline'],
  ] as const)('a %s (%s) is a decline with its own words', (code, declineCode, messageKey) => {
    const declined = error(code, {
      ...(declineCode ? { decline_code: declineCode } : {}),
      payment_intent: { id: 'pi_1', status: 'requires_payment_method' },
    });
    expect(screenForTerminalError(declined, 'process')).toEqual({ screen: 'declined', messageKey });
  });

  it('an unknown error that returned the PaymentIntent to requires_payment_method is a decline', () => {
    const declined = error('payment_failed', { payment_intent: { id: 'pi_1', status: 'requires_payment_method' } });
    expect(screenForTerminalError(declined, 'process').screen).toBe('declined');
  });
});
