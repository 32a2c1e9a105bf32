import { describe, expect, it } from 'vitest';
import { runCounts } from '../../bench/checked-run.ts';

const session = (sessionId: string, kioskId: string, paymentIntentId = '') => ({ sessionId, kioskId, status: 'success', paymentIntentId, updatedAt: 0 });
const intent = (id: string, sessionId: string, kioskId: string) => ({ id, status: 'succeeded', metadata: { sessionId, kioskId } });

describe("the benchmark's counts per reader mode", () => {
  it("the second mode's sessions and PaymentIntents leave out the first mode's, on the same worker", () => {
    // The first mode's kiosk k1 made two paid sessions; the second mode's kiosk k2 one, and one abandoned before a card.
    const sessions = [session('s1', 'k1', 'pi_1'), session('s2', 'k1', 'pi_2'), session('s3', 'k2', 'pi_3'), session('s4', 'k2')];
    const intents = [intent('pi_1', 's1', 'k1'), intent('pi_2', 's2', 'k1'), intent('pi_3', 's3', 'k2')];
    expect(runCounts(['k2'], sessions, intents)).toEqual({ sessions: 2, paymentIntents: 1 });
    expect(runCounts(['k1'], sessions, intents)).toEqual({ sessions: 2, paymentIntents: 2 });
  });
});
