import type { StripeTerminal } from '@stripe/terminal-js';
import { describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../shared/api.ts';
import { sessionView } from '../support/session-view.ts';
import type { LocalNetworkAccess, TerminalError, TerminalReader } from '../../pwa/src/terminal/adapter.ts';
import { collectWithCart, readerDisplayFor } from '../../pwa/src/terminal/collect-with-cart.ts';
import { screenForTerminalError } from '../../pwa/src/terminal/errors.ts';
import type { OwnReaderMemory } from '../../pwa/src/terminal/reader-link.ts';
import { createStripeTerminalAdapter, SdkUnavailableError } from '../../pwa/src/terminal/stripe-terminal.ts';
import { memory, ReaderNetwork, SIMULATED_READER, stripeLoader, terminalSdk } from '../support/stripe-terminal-double.ts';

const FRONT_COUNTER: TerminalReader = { id: 'tmr_front', label: 'Front counter', device_type: 'bbpos_wisepos_e', status: 'online', location: 'tml_1' };

function setUp(
  options: {
    mode?: 'test' | 'live';
    network?: ReaderNetwork;
    ownReader?: OwnReaderMemory;
    localNetworkAccess?: LocalNetworkAccess;
    readerId?: string | null;
  } = {},
) {
  const network = options.network ?? new ReaderNetwork().register(FRONT_COUNTER);
  const { sdk, terminals } = terminalSdk(network);
  let tokens = 0;
  const fetchConnectionToken = vi.fn(async () => `pst_test_${++tokens}`);
  const sleeps: number[] = [];
  const events = { onReaderLost: vi.fn(), onReaderReconnected: vi.fn(), onReaderInUse: vi.fn(), onWaitingForInput: vi.fn() };
  const adapterPromise = createStripeTerminalAdapter({
    mode: options.mode ?? 'test',
    locationId: 'tml_1',
    readerId: options.readerId ?? null,
    fetchConnectionToken,
    events,
    ownReader: options.ownReader ?? memory(),
    loadSdk: async () => sdk as unknown as StripeTerminal,
    localNetworkAccess: async () => options.localNetworkAccess ?? 'unsupported',
    sleep: async (ms) => {
      // A kiosk still waiting after this many pauses would wait forever: fail instead of spinning.
      if (sleeps.length >= 20) throw new Error('The kiosk kept waiting for the reader');
      sleeps.push(ms);
    },
  });
  return { adapterPromise, terminal: () => terminals.at(-1)!, network, fetchConnectionToken, sleeps, events };
}

const SESSION: SessionView = sessionView({
  sessionId: 'ses_1',
  amount: 9000,
  currency: 'krw',
  items: [{ id: 'americano', name: 'Americano', names: { en: 'Americano' }, price: 4500, quantity: 2, options: [] }],
});

const live = () => new AbortController().signal;

describe('the Stripe Terminal SDK adapter', () => {
  it('asks the worker for a fresh connection token every time the SDK needs one (never a cached, redeemed one)', async () => {
    const { adapterPromise, terminal, fetchConnectionToken } = setUp();
    await adapterPromise;
    expect(await terminal().props.onFetchConnectionToken()).toBe('pst_test_1');
    expect(await terminal().props.onFetchConnectionToken()).toBe('pst_test_2');
    expect(fetchConnectionToken).toHaveBeenCalledTimes(2);
  });

  it('in test mode connects to the physical reader registered at the kiosk’s Location, so operators can rehearse', async () => {
    const { adapterPromise, terminal } = setUp({ mode: 'test' });
    expect(await (await adapterPromise).ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(terminal().discoveries).toEqual([{ simulated: false, location: 'tml_1' }]);
  });

  it('in test mode with no reader at the Location, uses Stripe’s simulated reader', async () => {
    const { adapterPromise, terminal } = setUp({ mode: 'test', network: new ReaderNetwork() });
    expect(await (await adapterPromise).ensureConnected()).toEqual({ reader: SIMULATED_READER });
    expect(terminal().discoveries).toEqual([{ simulated: false, location: 'tml_1' }, { simulated: true }]);
  });

  it('in live mode never uses a simulated reader', async () => {
    const { adapterPromise, terminal } = setUp({ mode: 'live', network: new ReaderNetwork() });
    expect(await (await adapterPromise).ensureConnected()).toMatchObject({ error: { code: 'no_readers_found' } });
    expect(terminal().discoveries).toEqual([{ simulated: false, location: 'tml_1' }]);
  });

  it('a kiosk with its own reader connects to that one, never to the reader of another kiosk in the same store', async () => {
    const nextKiosk: TerminalReader = { id: 'tmr_next', label: 'Next kiosk', device_type: 'bbpos_wisepos_e', status: 'online', location: 'tml_1' };
    const network = new ReaderNetwork().register(nextKiosk).register(FRONT_COUNTER);
    const { adapterPromise } = setUp({ network, readerId: FRONT_COUNTER.id });
    expect(await (await adapterPromise).ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(network.holderOf(nextKiosk.id)).toBeNull();
  });

  it('a kiosk whose own reader is switched off waits for it instead of taking another kiosk’s reader', async () => {
    const nextKiosk: TerminalReader = { id: 'tmr_next', label: 'Next kiosk', device_type: 'bbpos_wisepos_e', status: 'online', location: 'tml_1' };
    const network = new ReaderNetwork().register(nextKiosk).register({ ...FRONT_COUNTER, status: 'offline' });
    const { adapterPromise } = setUp({ network, readerId: FRONT_COUNTER.id });
    expect(await (await adapterPromise).ensureConnected()).toMatchObject({ error: { code: 'no_readers_found' } });
    expect(network.holderOf(nextKiosk.id)).toBeNull();
  });

  it('connects with fail_if_in_use so it never takes over a reader mid-payment elsewhere', async () => {
    const { adapterPromise, terminal } = setUp();
    await (await adapterPromise).ensureConnected();
    expect(terminal().connectOptions).toEqual([{ fail_if_in_use: true }]);
  });

  it('after a network drop takes back its own reader, which still counts the lost connection, instead of waiting forever', async () => {
    const { adapterPromise, terminal, events, network } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().dropReader();
    expect(events.onReaderLost).toHaveBeenCalledTimes(1);
    // The SDK really lost the reader, which still counts the old connection as its point of sale.
    expect(adapter.getConnectedReader()).toBeNull();
    expect(network.holderOf('tmr_front')).not.toBeNull();

    expect(await adapter.ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(terminal().connectOptions).toEqual([{ fail_if_in_use: true }, { fail_if_in_use: true }, { fail_if_in_use: false }]);
    expect(events.onReaderInUse).not.toHaveBeenCalled();
    expect(events.onReaderReconnected).toHaveBeenCalledWith(FRONT_COUNTER);
  });

  it('after a reload takes back the reader the previous page held', async () => {
    const network = new ReaderNetwork().register(FRONT_COUNTER);
    const ownReader = memory();
    await (await setUp({ network, ownReader }).adapterPromise).ensureConnected();

    const reloaded = setUp({ network, ownReader });
    expect(await (await reloaded.adapterPromise).ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(reloaded.terminal().connectOptions).toEqual([{ fail_if_in_use: true }, { fail_if_in_use: false }]);
  });

  it('waits for a reader another point of sale is using, never takes it over, and gives up after a while', async () => {
    const network = new ReaderNetwork().register(FRONT_COUNTER);
    await (await setUp({ network, ownReader: memory() }).adapterPromise).ensureConnected();

    const otherKiosk = setUp({ network, ownReader: memory('tmr_elsewhere') });
    const result = await (await otherKiosk.adapterPromise).ensureConnected();
    expect(result).toMatchObject({ error: { code: 'reader_error' } });
    expect(otherKiosk.terminal().connectOptions.every((options) => (options as { fail_if_in_use: boolean }).fail_if_in_use)).toBe(true);
    expect(otherKiosk.events.onReaderInUse).toHaveBeenCalledTimes(5);
    expect(otherKiosk.sleeps).toEqual([1000, 2000, 4000, 8000, 15000]);
    if ('error' in result) expect(screenForTerminalError(result.error, 'connect')).toEqual({ screen: 'retry', messageKey: 'reader.inUse' });
  });

  it('says the reader is free again once another point of sale let it go, so the screen stops saying it is busy', async () => {
    const { adapterPromise, terminal, events } = setUp();
    const adapter = await adapterPromise;
    const inUse = { error: { code: 'reader_error', message: 'Reader is currently in use' } };
    terminal().answers.connectReader = [inUse, inUse];
    expect(await adapter.ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(events.onReaderInUse).toHaveBeenCalledTimes(2);
    expect(events.onReaderReconnected).toHaveBeenCalledExactlyOnceWith(FRONT_COUNTER);
  });

  it('a reader free at once is no news', async () => {
    const { adapterPromise, events } = setUp();
    await (await adapterPromise).ensureConnected();
    expect(events.onReaderReconnected).not.toHaveBeenCalled();
  });

  it('disconnects and connects again when the SDK says it is already connected', async () => {
    const { adapterPromise, terminal } = setUp();
    const adapter = await adapterPromise;
    terminal().answers.connectReader = [{ error: { code: 'already_connected', message: 'Already have an active connection' } }];
    expect(await adapter.ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(terminal().calls).toEqual(['discoverReaders', 'connectReader', 'disconnectReader', 'connectReader']);
  });

  it('reconnects by itself with growing pauses after the reader drops, and says so', async () => {
    const { adapterPromise, terminal, events, sleeps } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().answers.connectReader = [
      { error: { code: 'network_error', message: 'Could not reach the reader' } },
      { error: { code: 'network_timeout', message: 'Timed out' } },
    ];
    terminal().dropReader();
    // A payment waiting for the reader shares the reconnect instead of starting its own.
    expect(await adapter.ensureConnected()).toEqual({ reader: FRONT_COUNTER });
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(events.onReaderLost).toHaveBeenCalledTimes(1);
    expect(events.onReaderReconnected).toHaveBeenCalledWith(FRONT_COUNTER);
  });

  it('stops reconnecting once the kiosk no longer uses the reader', async () => {
    const { adapterPromise, terminal, sleeps } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().dropReader();
    adapter.dispose();
    expect(await adapter.ensureConnected()).toMatchObject({ error: { code: 'canceled' } });
    expect(sleeps).toEqual([500]);
  });

  it('shows the cart on the reader, then says "waiting for the card" only once the reader waits for it; the reader never asks for a tip', async () => {
    const { adapterPromise, terminal, events } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().calls = [];
    const result = await collectWithCart(adapter, SESSION.clientSecret, readerDisplayFor(SESSION), live());
    expect(result).toEqual({ paymentIntent: { id: 'pi_1', status: 'requires_confirmation' } });
    // Tips are server-driven mode's: the server would refuse an SDK payment whose amount grew by one.
    expect(terminal().calls).toEqual(['setReaderDisplay', 'collectPaymentMethod:pi_1_secret_abc (no tipping)']);
    expect(terminal().paymentStatuses).toEqual(['waiting_for_input', 'ready']);
    expect(events.onWaitingForInput).toHaveBeenCalledTimes(1);
    expect(terminal().displayed).toEqual([
      { type: 'cart', cart: { line_items: [{ description: 'Americano', amount: 4500, quantity: 2 }], tax: 0, total: 9000, currency: 'krw' } },
    ]);
  });

  it('a cart the reader cannot show does not stop the payment', async () => {
    const { adapterPromise, terminal } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().answers.setReaderDisplay = [{ error: { code: 'reader_error', message: 'Reader Error: display failed' } }];
    vi.spyOn(console, 'warn').mockImplementationOnce(() => undefined);
    expect(await collectWithCart(adapter, SESSION.clientSecret, readerDisplayFor(SESSION), live())).toMatchObject({ paymentIntent: { id: 'pi_1' } });
  });

  it('after a network drop, a collect the SDK is still at for this payment is waited on rather than started again', async () => {
    const { adapterPromise, terminal } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().holdCollect = true;
    const first = adapter.collectPaymentMethod(SESSION.clientSecret);
    const resumed = adapter.resumeCollect?.(SESSION.clientSecret);
    expect(await adapter.resumeCollect?.('pi_2_secret_other')).toBeNull();
    terminal().presentCard();
    expect(await resumed).toEqual(await first);
    expect(terminal().calls.filter((call) => call.startsWith('collectPaymentMethod'))).toHaveLength(1);
    expect(await adapter.resumeCollect?.(SESSION.clientSecret)).toBeNull();
  });

  it('does not start waiting for a card when the customer cancelled while the cart was being shown', async () => {
    const { adapterPromise, terminal } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    terminal().calls = [];
    const cancelled = new AbortController();
    cancelled.abort();
    expect(await collectWithCart(adapter, SESSION.clientSecret, readerDisplayFor(SESSION), cancelled.signal)).toMatchObject({
      error: { code: 'canceled' },
    });
    expect(terminal().calls).toEqual(['setReaderDisplay']);
  });

  it('cancelling with no card being collected is answered with the SDK’s error, not a throw', async () => {
    const { adapterPromise } = setUp();
    const adapter = await adapterPromise;
    await adapter.ensureConnected();
    expect(await adapter.cancelCollectPaymentMethod()).toMatchObject({ error: { code: 'no_active_collect_payment_method_attempt' } });
  });

  it('a call the SDK rejects comes back as an error, so the kiosk tries again instead of hanging on "connecting"', async () => {
    const { adapterPromise, terminal } = setUp();
    const adapter = await adapterPromise;
    terminal().throws.connectReader = [new TypeError('Failed to fetch')];
    const result = await adapter.ensureConnected();
    expect(result).toEqual({ error: { message: 'Failed to fetch' } });
    if ('error' in result) expect(screenForTerminalError(result.error, 'connect')).toEqual({ screen: 'retry', messageKey: 'error.generic' });
    expect(await adapter.ensureConnected()).toEqual({ reader: FRONT_COUNTER });
  });

  it('passes a declined card through with its decline code and PaymentIntent, which leads to "try another card"', async () => {
    const { adapterPromise, terminal } = setUp();
    const adapter = await adapterPromise;
    const decline = {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      payment_intent: { id: 'pi_1', status: 'requires_payment_method' },
    };
    terminal().answers.processPayment = [{ error: decline }];
    expect(await adapter.processPayment({ id: 'pi_1', status: 'requires_confirmation' })).toEqual({ error: decline });
    expect(screenForTerminalError(decline, 'process')).toEqual({ screen: 'declined', messageKey: 'decline.insufficient_funds' });
  });

  it('answers for Chrome’s Local Network Access permission', async () => {
    const { adapterPromise } = setUp({ localNetworkAccess: 'prompt' });
    expect(await (await adapterPromise).localNetworkAccess?.()).toBe('prompt');
  });

  it('a failed SDK load is kept by Stripe’s loader: the same page cannot load it again', async () => {
    const loader = stripeLoader<StripeTerminal>(() => Promise.reject(new Error('Failed to load StripeTerminal')));
    const create = () =>
      createStripeTerminalAdapter({ mode: 'live', locationId: 'tml_1', readerId: null, fetchConnectionToken: async () => 'x', ownReader: memory(), loadSdk: loader.load });
    await expect(create()).rejects.toBeInstanceOf(SdkUnavailableError);
    await expect(create()).rejects.toBeInstanceOf(SdkUnavailableError);
    expect(loader.attempts).toBe(1);
  });
});

describe('what each SDK error means for the customer', () => {
  const error = (code: string, extra: Partial<TerminalError> = {}): TerminalError => ({ code, message: code, ...extra });

  it.each([
    ['no_established_connection', 'collect', 'reader_lost', 'reader.lost'],
    ['reader_error', 'collect', 'reader_lost', 'reader.lost'],
    ['reader_error', 'connect', 'reader_lost', 'reader.lost'],
    ['canceled', 'collect', 'cancelled', 'status.cancelled'],
    ['canceled', 'connect', 'retry', 'error.generic'],
    // The kiosk reaches its server but not the reader: nothing was paid, so nothing is being "checked".
    ['network_error', 'connect', 'offline', 'reader.lost'],
    ['network_timeout', 'collect', 'offline', 'reader.lost'],
    ['failed_fetch_connection_token', 'connect', 'credentials', 'error.connectionToken'],
    ['invalid_reader_version', 'connect', 'update_required', 'reader.updateRequired'],
    ['already_connected', 'connect', 'retry', 'reader.busy'],
    ['command_already_in_progress', 'collect', 'retry', 'reader.busy'],
    ['no_readers_found', 'connect', 'retry', 'reader.notFound'],
    // A server-driven API code means nothing special from the SDK.
    ['terminal_reader_busy', 'connect', 'retry', 'error.generic'],
    ['something_new', 'collect', 'retry', 'error.generic'],
  ] as const)('%s while %s -> %s (%s)', (code, phase, screen, messageKey) => {
    expect(screenForTerminalError(error(code), phase)).toEqual({ screen, messageKey });
  });

  it.each([
    ['denied', 'local_network_blocked'],
    ['prompt', 'local_network_blocked'],
    ['granted', 'offline'],
    ['unsupported', 'offline'],
  ] as const)('a network error connecting while Local Network Access is %s -> %s', (access, screen) => {
    expect(screenForTerminalError(error('network_error'), 'connect', access).screen).toBe(screen);
    expect(screenForTerminalError(error('network_timeout'), 'connect', access).screen).toBe(screen);
  });

  it('the reader in use is its own error with a message that says so', () => {
    expect(screenForTerminalError({ code: 'reader_error', message: 'Reader is currently in use' }, 'connect')).toEqual({
      screen: 'retry',
      messageKey: 'reader.inUse',
    });
  });

  it('no answer from Stripe while processing: the same PaymentIntent is processed again first, as Stripe advises', () => {
    for (const code of ['network_error', 'network_timeout', 'reader_error']) {
      expect(screenForTerminalError(error(code), 'process')).toEqual({ screen: 'retry', messageKey: 'status.processing' });
    }
  });

  it('no reader connected when processing: the reader is waited for before the same PaymentIntent is processed again', () => {
    expect(screenForTerminalError(error('no_established_connection'), 'process')).toEqual({ screen: 'reader_lost', messageKey: 'reader.lost' });
    const pending = error('no_established_connection', { payment_intent: { id: 'pi_1', status: 'requires_confirmation' } });
    expect(screenForTerminalError(pending, 'process').screen).toBe('reader_lost');
  });

  it('a PaymentIntent still awaiting confirmation is processed again, not collected again', () => {
    const pending = error('network_error', { payment_intent: { id: 'pi_1', status: 'requires_confirmation' } });
    expect(screenForTerminalError(pending, 'process').screen).toBe('retry');
  });

  it('a PaymentIntent in any other state may have been charged: the server is asked', () => {
    for (const status of ['processing', 'succeeded', 'requires_capture', 'canceled']) {
      expect(screenForTerminalError(error('reader_error', { payment_intent: { id: 'pi_1', status } }), 'process').screen).toBe('verify');
    }
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
