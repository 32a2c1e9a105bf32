import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  type DeletedSimReader,
  NetworkError,
  type SimPaymentIntent,
  type SimReader,
  type SimReaderAction,
  type SimulatedReaderApi,
} from '../../pwa/src/api.ts';
import type { TerminalAdapter } from '../../pwa/src/terminal/adapter.ts';
import { screenForTerminalError } from '../../pwa/src/terminal/errors.ts';
import { createSimulatedReaderAdapter, paymentIntentIdFromClientSecret } from '../../pwa/src/terminal/simulated-reader.ts';
import { memory } from '../support/stripe-terminal-double.ts';

const reader = (action: SimReaderAction | null = null, status: SimReader['status'] = 'online'): SimReader => ({
  id: 'tmr_sim',
  label: 'Simulated WisePOS E',
  device_type: 'simulated_wisepos_e',
  status,
  location: 'tml_1',
  action,
});

const collecting = (status: SimReaderAction['status'], extra: Partial<SimReaderAction> = {}): SimReaderAction => ({
  type: 'collect_payment_method',
  status,
  failure_code: null,
  failure_message: null,
  ...extra,
});

/** The worker's `/api/simulated-reader/*` routes, with the reader's answers to polling queued up. */
function fakeApi(polls: (SimReader | DeletedSimReader)[] = []) {
  const api = {
    list: vi.fn(async () => ({ readers: [reader()] })),
    get: vi.fn(async () => ({ reader: polls.shift() ?? reader() })),
    display: vi.fn(async () => ({ reader: reader() })),
    clearDisplay: vi.fn(async () => ({ reader: reader() })),
    collect: vi.fn(async () => ({ reader: reader(collecting('in_progress')) })),
    present: vi.fn(async () => ({ reader: reader(collecting('succeeded')) })),
    confirm: vi.fn(async () => {
      const paymentIntent: SimPaymentIntent = { id: 'pi_1', status: 'succeeded', amount: 9000, currency: 'krw', last_payment_error: null };
      return { reader: reader(), paymentIntent };
    }),
    cancel: vi.fn(async () => ({ reader: reader(null) })),
  };
  return api satisfies SimulatedReaderApi;
}

async function connected(api: SimulatedReaderApi, events = {}): Promise<TerminalAdapter> {
  const adapter = createSimulatedReaderAdapter({ api, events, ownReader: memory(), sleep: async () => undefined });
  await adapter.ensureConnected();
  return adapter;
}

describe('the simulated reader adapter (the worker’s server-driven reader, SDK-shaped)', () => {
  it('reads the PaymentIntent id out of its client secret', () => {
    expect(paymentIntentIdFromClientSecret('pi_3Abc_secret_xyz')).toBe('pi_3Abc');
  });

  it('waits for the card until the developer taps one, then hands back the collected PaymentIntent', async () => {
    const api = fakeApi([reader(), reader(collecting('in_progress')), reader(collecting('succeeded'))]);
    const adapter = await connected(api);
    const result = await adapter.collectPaymentMethod('pi_1_secret_abc');
    expect(api.collect).toHaveBeenCalledWith('tmr_sim', 'pi_1');
    expect(result).toEqual({ paymentIntent: { id: 'pi_1', status: 'requires_confirmation' } });
  });

  it('taps the test card chosen in the developer panel', async () => {
    const api = fakeApi();
    const adapter = await connected(api);
    adapter.setSimulatorConfiguration({ testCardNumber: '4000000000009995' });
    await adapter.presentTestCard?.();
    expect(api.present).toHaveBeenCalledWith('tmr_sim', '4000000000009995');
  });

  it('stops waiting with "canceled" when the customer cancels', async () => {
    const api = fakeApi(Array.from({ length: 50 }, () => reader(collecting('in_progress'))));
    const adapter = await connected(api);
    const collecting_ = adapter.collectPaymentMethod('pi_1_secret_abc');
    await adapter.cancelCollectPaymentMethod();
    expect(await collecting_).toMatchObject({ error: { code: 'canceled' } });
    expect(api.cancel).toHaveBeenCalledWith('tmr_sim');
  });

  it('reports a reader that went offline mid-collect as lost, and starts reconnecting', async () => {
    const onReaderLost = vi.fn();
    const api = fakeApi([reader(), reader(collecting('in_progress'), 'offline')]);
    const adapter = await connected(api, { onReaderLost });
    const result = await adapter.collectPaymentMethod('pi_1_secret_abc');
    expect(result).toMatchObject({ error: { code: 'no_established_connection' } });
    expect(onReaderLost).toHaveBeenCalled();
  });

  it('reports a reader deleted at Stripe mid-collect as lost, like one switched off', async () => {
    const onReaderLost = vi.fn();
    const api = fakeApi([reader(), { id: 'tmr_sim', deleted: true }]);
    const adapter = await connected(api, { onReaderLost });
    expect(await adapter.collectPaymentMethod('pi_1_secret_abc')).toMatchObject({ error: { code: 'no_established_connection' } });
    expect(onReaderLost).toHaveBeenCalled();
  });

  it('a failed fetch while collecting is a network error, which sends the kiosk to check its connection', async () => {
    const api = fakeApi();
    api.collect.mockRejectedValueOnce(new NetworkError('offline'));
    const adapter = await connected(api);
    const result = await adapter.collectPaymentMethod('pi_1_secret_abc');
    expect(result).toMatchObject({ error: { code: 'network_error' } });
    if ('error' in result) expect(screenForTerminalError(result.error, 'collect').screen).toBe('offline');
  });

  it('maps a declined confirmation to the SDK’s card_declined error with the decline code and the PaymentIntent', async () => {
    const api = fakeApi();
    api.confirm.mockResolvedValueOnce({
      reader: reader(),
      paymentIntent: {
        id: 'pi_1',
        status: 'requires_payment_method',
        amount: 9000,
        currency: 'krw',
        last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Insufficient funds' },
      },
    });
    const adapter = await connected(api);
    const result = await adapter.processPayment({ id: 'pi_1', status: 'requires_confirmation' });
    expect(result).toMatchObject({
      error: { code: 'card_declined', decline_code: 'insufficient_funds', payment_intent: { status: 'requires_payment_method' } },
    });
    if ('error' in result) {
      expect(screenForTerminalError(result.error, 'process')).toEqual({ screen: 'declined', messageKey: 'decline.insufficient_funds' });
    }
  });

  describe('after a network drop, what the reader is doing decides', () => {
    const forPayment = (paymentIntentId: string) => ({ collect_payment_method: { payment_intent: paymentIntentId } });

    it('a reader still waiting for this payment’s card is waited on, without a new collect', async () => {
      const api = fakeApi([reader(), reader(collecting('in_progress', forPayment('pi_1'))), reader(collecting('succeeded', forPayment('pi_1')))]);
      const adapter = await connected(api);
      expect(await adapter.resumeCollect?.('pi_1_secret_abc')).toEqual({ paymentIntent: { id: 'pi_1', status: 'requires_confirmation' } });
      expect(api.collect).not.toHaveBeenCalled();
      expect(api.cancel).not.toHaveBeenCalled();
    });

    it('a card the reader read while the kiosk was away is taken as read', async () => {
      const api = fakeApi([reader(), reader(collecting('succeeded', forPayment('pi_1')))]);
      const adapter = await connected(api);
      expect(await adapter.resumeCollect?.('pi_1_secret_abc')).toEqual({ paymentIntent: { id: 'pi_1', status: 'requires_confirmation' } });
    });

    it('a reader at another payment is cleared, and this payment is collected afresh', async () => {
      const api = fakeApi([reader(), reader(collecting('in_progress', forPayment('pi_old')))]);
      const adapter = await connected(api);
      expect(await adapter.resumeCollect?.('pi_1_secret_abc')).toBeNull();
      expect(api.cancel).toHaveBeenCalledWith('tmr_sim');
    });

    it('an idle reader has nothing to resume', async () => {
      const api = fakeApi([reader(), reader()]);
      const adapter = await connected(api);
      expect(await adapter.resumeCollect?.('pi_1_secret_abc')).toBeNull();
      expect(api.cancel).not.toHaveBeenCalled();
    });
  });

  describe('before the first customer', () => {
    it('a reader that could not be reached when the kiosk started is connected once it can be, without a customer', async () => {
      const api = fakeApi();
      api.list.mockRejectedValueOnce(new NetworkError('Failed to fetch')).mockResolvedValueOnce({ readers: [reader(null, 'offline')] });
      const pauses: number[] = [];
      const adapter = createSimulatedReaderAdapter({ api, ownReader: memory(), sleep: async (ms) => void pauses.push(ms) });
      adapter.keepConnected();
      await vi.waitFor(() => expect(adapter.getConnectedReader()).toMatchObject({ id: 'tmr_sim' }));
      expect(api.list).toHaveBeenCalledTimes(3);
      // Growing pauses between the tries.
      expect(pauses).toEqual([500, 1000]);
    });

    it('a customer at a kiosk still waiting to try again is not kept waiting: their payment tries at once', async () => {
      const api = fakeApi();
      api.list.mockRejectedValueOnce(new NetworkError('Failed to fetch'));
      const pause = vi.fn(() => new Promise<void>(() => undefined));
      const adapter = createSimulatedReaderAdapter({ api, ownReader: memory(), sleep: pause });
      adapter.keepConnected();
      await vi.waitFor(() => expect(pause).toHaveBeenCalled());
      expect(await adapter.ensureConnected()).toMatchObject({ reader: { id: 'tmr_sim' } });
    });
  });

  it('clears an action left running on the reader by a previous page before using it', async () => {
    const api = fakeApi([reader(collecting('in_progress'))]);
    await connected(api);
    expect(api.cancel).toHaveBeenCalledWith('tmr_sim');
  });

  it.each([
    ['terminal_reader_busy', 'command_already_in_progress'],
    ['terminal_reader_offline', 'no_established_connection'],
    ['terminal_reader_no_action', 'no_active_collect_payment_method_attempt'],
    ['intent_invalid_state', 'reader_error'],
  ])('answers the server-driven API’s %s with the SDK’s own code, %s', async (serverCode, sdkCode) => {
    const api = fakeApi();
    api.confirm.mockRejectedValueOnce(new ApiError(409, serverCode, 'Reader says no'));
    const adapter = await connected(api);
    expect(await adapter.processPayment({ id: 'pi_1', status: 'requires_confirmation' })).toEqual({
      error: { code: sdkCode, message: 'Reader says no' },
    });
  });

  it('a kiosk whose credentials are refused gets the SDK’s failed_fetch_connection_token, which leads to the credentials check', async () => {
    const api = fakeApi();
    api.collect.mockRejectedValueOnce(new ApiError(401, 'unauthorized', 'Unknown kiosk token'));
    const adapter = await connected(api);
    const result = await adapter.collectPaymentMethod('pi_1_secret_abc');
    expect(result).toMatchObject({ error: { code: 'failed_fetch_connection_token' } });
    if ('error' in result) expect(screenForTerminalError(result.error, 'collect').screen).toBe('credentials');
  });
});
