import * as api from '../api.ts';

/**
 * One Idempotency-Key per request the operator means: a retry after an answer that did not settle it (none, or the
 * worker's failure, which may come after Stripe acted) reuses it, and the worker acts once; an answer, a refusal, or a
 * different request starts a new one. `forget` ends the request meant (the operator cancelled it).
 */
export function operatorIntentKey<Request, Answer>(send: (request: Request, key: string) => Promise<Answer>) {
  let pending: { request: string; key: string } | null = null;
  return {
    async send(request: Request): Promise<Answer> {
      const text = JSON.stringify(request);
      if (pending?.request !== text) pending = { request: text, key: crypto.randomUUID() };
      try {
        const answer = await send(request, pending.key);
        pending = null;
        return answer;
      } catch (err) {
        if (api.isRefusal(err)) pending = null;
        throw err;
      }
    },
    forget() {
      pending = null;
    },
  };
}
