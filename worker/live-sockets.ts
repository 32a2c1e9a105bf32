/**
 * Kiosks and consoles ping their live sockets every half minute (proxies close silent ones). The runtime answers
 * "pong" itself, without waking the object: an idle socket costs nothing, as the Hibernation API promises.
 */
export const answerPingsAsleep = (ctx: DurableObjectState): void =>
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
