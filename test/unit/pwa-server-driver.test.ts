import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../../shared/api.ts';
import type { SessionStatus } from '../../shared/session-status.ts';
import { ApiError, NetworkError } from '../../pwa/src/api.ts';
import { createServerDriver } from '../../pwa/src/checkout/server-driver.ts';
import { sessionView } from '../support/session-view.ts';

const view = (status: SessionStatus, extra: Partial<SessionView> = {}) =>
  sessionView({ sessionId: 'cs_1', readerMode: 'server-driven', clientSecret: '', status, ...extra });

/** The session's live channel as the browser's WebSocket presents it, driven by the test. */
class FakeSocket extends EventTarget {
  readyState: 0 | 1 | 2 | 3 = 1;
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  get closed() {
    return this.readyState === 3;
  }
  say(message: SessionView | string) {
    if (this.closed) return;
    this.dispatchEvent(new MessageEvent('message', { data: typeof message === 'string' ? message : JSON.stringify(message) }));
  }
  drop() {
    this.close();
    this.dispatchEvent(new Event('close'));
  }
}

/** Lets the driver's pending promises run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A kiosk's server-driven driver against a worker that answers as told; each channel opened is kept. */
function setUp() {
  const sockets: FakeSocket[] = [];
  const server = {
    openLiveChannel: vi.fn(async (_sessionId: string) => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    }),
    getSession: vi.fn(async (_sessionId: string): Promise<SessionView> => view('waiting_card')),
    retrySession: vi.fn(async (_sessionId: string): Promise<SessionView> => view('waiting_card')),
    presentTestCard: vi.fn(async () => ({})),
  };
  const pauses: number[] = [];
  const driver = createServerDriver({
    server,
    readerId: 'tmr_1',
    sleep: async (ms, signal) => {
      pauses.push(ms);
      signal.throwIfAborted();
    },
  });
  const progress = { seen: vi.fn(), waitingForCard: vi.fn(), cardRead: vi.fn(), trouble: vi.fn() };
  const attempt = new AbortController();
  const collect = (session = view('waiting_card')) => driver.collect(session, attempt.signal, progress);
  /** The channel opened last, once the driver opened it. */
  const channel = async () => {
    await vi.waitFor(() => expect(sockets.length).toBeGreaterThan(0));
    return sockets.at(-1)!;
  };
  return { driver, server, sockets, pauses, progress, attempt, collect, channel };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('server-driven mode: the kiosk follows the payment the worker handed to its reader', () => {
  it('shows "insert or tap your card", then "processing", then the server’s verdict, from the live channel alone', async () => {
    const { collect, channel, progress, server } = setUp();
    const outcome = collect();
    const socket = await channel();
    socket.say(view('waiting_card'));
    socket.say('pong');
    socket.say(view('processing'));
    expect(progress.cardRead).toHaveBeenCalledTimes(1);
    socket.say(view('success', { receipt: { brand: 'visa', last4: '4242', receiptUrl: null }, tip: 100 }));
    expect(await outcome).toEqual({ kind: 'verdict', session: view('success', { receipt: { brand: 'visa', last4: '4242', receiptUrl: null }, tip: 100 }) });
    expect(progress.waitingForCard).toHaveBeenCalled();
    expect(server.getSession).not.toHaveBeenCalled();
    expect(server.retrySession).not.toHaveBeenCalled();
    expect(server.openLiveChannel).toHaveBeenCalledTimes(1);
    expect(socket.closed).toBe(true);
  });

  it('a declined card ends the attempt with the decline; another card goes to the same payment, on the same socket', async () => {
    const { collect, channel, server, progress } = setUp();
    const first = collect();
    const socket = await channel();
    socket.say(view('failed', { declineCode: 'insufficient_funds', updatedAt: 10 }));
    expect(await first).toEqual({ kind: 'verdict', session: view('failed', { declineCode: 'insufficient_funds', updatedAt: 10 }) });
    // The socket stays open for the next card (the server keeps it open: the session is not over).
    expect(socket.closed).toBe(false);

    progress.waitingForCard.mockClear();
    server.retrySession.mockResolvedValueOnce(view('waiting_card', { updatedAt: 20 }));
    const again = collect(view('failed', { declineCode: 'insufficient_funds', updatedAt: 10 }));
    await vi.waitFor(() => expect(server.retrySession).toHaveBeenCalledWith('cs_1'));
    await vi.waitFor(() => expect(progress.waitingForCard).toHaveBeenCalled());
    await settle();
    socket.say(view('success', { updatedAt: 30 }));
    expect(await again).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    // One ticket and one socket for the whole payment, closed once it is decided.
    expect(server.openLiveChannel).toHaveBeenCalledTimes(1);
    expect(socket.closed).toBe(true);
  });

  it('the kept socket: what it brought after the retry is heard, and one the server closed meanwhile is replaced', async () => {
    const { collect, channel, server, sockets } = setUp();
    const first = collect();
    const socket = await channel();
    socket.say(view('failed', { updatedAt: 10 }));
    await first;
    // The card is read and paid while the retry's answer is on its way: the socket brought it before the follow resumed.
    server.retrySession.mockImplementationOnce(async () => {
      socket.say(view('success', { updatedAt: 30 }));
      return view('waiting_card', { updatedAt: 20 });
    });
    expect(await collect(view('failed', { updatedAt: 10 }))).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    expect(sockets).toHaveLength(1);

    // Another session, declined; its socket dropped while the customer looked for another card: a new one is opened.
    const { collect: collect2, channel: channel2, server: server2, sockets: sockets2 } = setUp();
    const declined = collect2();
    const dropped = await channel2();
    dropped.say(view('failed', { updatedAt: 10 }));
    await declined;
    dropped.drop();
    const retried = collect2(view('failed', { updatedAt: 10 }));
    await vi.waitFor(() => expect(server2.openLiveChannel).toHaveBeenCalledTimes(2));
    sockets2.at(-1)!.say(view('success', { updatedAt: 30 }));
    expect(await retried).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
  });

  it('a customer who cancels on the reader ends in the server’s cancelled verdict', async () => {
    const { collect, channel } = setUp();
    const outcome = collect();
    (await channel()).say(view('cancelled', { cancellationReason: 'customer' }));
    expect(await outcome).toMatchObject({ kind: 'verdict', session: { status: 'cancelled', cancellationReason: 'customer' } });
  });

  it('without a channel, reads the session with growing pauses and opens the channel again each time', async () => {
    const { collect, server, sockets, pauses } = setUp();
    server.openLiveChannel
      .mockRejectedValueOnce(new ApiError(502, 'bad_gateway', 'upstream'))
      .mockImplementationOnce(async () => {
        // A socket the network refuses: it errors, then closes, without a word.
        const socket = new FakeSocket();
        sockets.push(socket);
        setTimeout(() => socket.dispatchEvent(new Event('error')));
        return socket;
      });
    const outcome = collect();
    await vi.waitFor(() => expect(server.openLiveChannel).toHaveBeenCalledTimes(3));
    sockets.at(-1)!.say(view('success'));
    expect(await outcome).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    expect(server.getSession).toHaveBeenCalledTimes(2);
    expect(pauses).toEqual([500, 1_000]);
  });

  it('a channel that drops mid-payment: one read finds the payment settled meanwhile', async () => {
    const { collect, channel, server } = setUp();
    server.getSession.mockResolvedValueOnce(view('success'));
    const outcome = collect();
    const socket = await channel();
    socket.say(view('processing'));
    socket.drop();
    expect(await outcome).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    expect(server.openLiveChannel).toHaveBeenCalledTimes(1);
  });

  it('a channel that dropped after it had spoken is reopened after the shortest pause', async () => {
    const { collect, channel, sockets, pauses } = setUp();
    const outcome = collect();
    const socket = await channel();
    socket.say(view('waiting_card'));
    socket.drop();
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    expect(pauses).toEqual([500]);
    sockets[1]!.say(view('success'));
    expect(await outcome).toMatchObject({ kind: 'verdict' });
  });

  it('a silent channel is pinged, and one that leaves the ping unanswered is given up for a read', async () => {
    vi.useFakeTimers();
    const { collect, channel, server } = setUp();
    server.getSession.mockResolvedValueOnce(view('success'));
    const outcome = collect();
    const socket = await channel();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(socket.sent).toEqual(['ping']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    expect(socket.closed).toBe(true);
  });

  it('a network drop while the reader waits: the customer is told, the kiosk keeps looking, and the verdict comes once it is back', async () => {
    const { collect, server, progress, pauses } = setUp();
    server.openLiveChannel.mockRejectedValueOnce(new NetworkError('offline')).mockRejectedValueOnce(new NetworkError('offline'));
    server.getSession.mockRejectedValueOnce(new NetworkError('offline')).mockResolvedValueOnce(view('success'));
    expect(await collect()).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    expect(progress.trouble).toHaveBeenCalledWith('connection.lost');
    expect(pauses[0]).toBe(2_000);
  });

  it('a network drop after the card was read says the payment is being checked, so the customer does not pay again', async () => {
    const { collect, server, progress } = setUp();
    server.openLiveChannel.mockRejectedValueOnce(new NetworkError('offline')).mockRejectedValueOnce(new NetworkError('offline'));
    server.getSession.mockRejectedValueOnce(new NetworkError('offline')).mockResolvedValueOnce(view('success'));
    await collect(view('processing'));
    expect(progress.trouble).toHaveBeenCalledWith('connection.checking');
  });

  it('a kiosk the worker refuses goes back to pairing', async () => {

    const refused = setUp();
    refused.server.openLiveChannel.mockRejectedValue(new ApiError(401, 'unauthorized', 'This kiosk token is not valid'));
    expect(await refused.collect()).toEqual({ kind: 'revoked' });
  });

  it('"try another card" while the worker is busy asks again only after the Retry-After it gave, telling the customer it is busy', async () => {
    const { collect, server, pauses, progress } = setUp();
    server.retrySession
      .mockRejectedValueOnce(new ApiError(429, 'rate_limited', 'Too many requests', null, 7))
      .mockRejectedValueOnce(new ApiError(503, 'stripe_unavailable', 'Stripe is unavailable', null, 4))
      .mockResolvedValueOnce(view('success'));
    expect(await collect(view('failed'))).toMatchObject({ kind: 'verdict', session: { status: 'success' } });
    expect(server.retrySession).toHaveBeenCalledTimes(3);
    expect(pauses).toEqual([7_000, 4_000]);
    expect(progress.trouble).toHaveBeenCalledWith('error.busy');
    expect(progress.trouble).not.toHaveBeenCalledWith('error.connectionToken');
  });

  it.each([
    ['reader_offline', 503],
    ['reader_busy', 409],
  ] as const)('a reader that is %s when another card is tried gives its own screen', async (code, status) => {
    const { collect, server } = setUp();
    server.retrySession.mockRejectedValueOnce(new ApiError(status, code, 'The reader cannot take it'));
    expect(await collect(view('failed'))).toEqual({ kind: 'problem', problem: code });
    expect(server.openLiveChannel).not.toHaveBeenCalled();
  });

  it('cancelling the attempt closes the channel and stops following the session', async () => {
    const { collect, channel, attempt, server } = setUp();
    const outcome = collect();
    const socket = await channel();
    attempt.abort(new Error('cancelled at the kiosk'));
    await expect(outcome).rejects.toThrow('cancelled at the kiosk');
    expect(socket.closed).toBe(true);
    await settle();
    expect(server.getSession).not.toHaveBeenCalled();
  });

  it('the developer panel’s test card is presented to the kiosk’s own reader', async () => {
    const { driver, server } = setUp();
    await driver.tapTestCard('4000000000000002');
    expect(server.presentTestCard).toHaveBeenCalledWith('tmr_1', '4000000000000002');
  });
});
