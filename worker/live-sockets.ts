/**
 * Kiosks and consoles ping their live sockets every half minute (proxies close silent ones). The runtime answers
 * "pong" itself, without waking the object: an idle socket costs nothing, as the Hibernation API promises.
 */
export const answerPingsAsleep = (ctx: DurableObjectState): void =>
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));

/**
 * A client closed its socket: a hibernatable socket's close is answered by the object (the runtime does not, whatever
 * the compatibility date), or the client waits and ends with 1006. Codes that only report a close (1005: none given,
 * 1006: abnormal, 1015: TLS) may not be sent, so those are answered with 1000.
 */
export function answerClose(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close([1005, 1006, 1015].includes(code) ? 1000 : code, reason);
  } catch {
    // Already closed.
  }
}
