/**
 * What must hold after any run, however bad Stripe's day: checked over every session (the worker's admin API),
 * every PaymentIntent and charge (Stripe's API) and what each kiosk saw. Pure, so a unit test can feed it violations.
 */

export interface ObservedSession {
  sessionId: string;
  kioskId: string;
  status: string;
  /** '' when the session never got one. */
  paymentIntentId: string;
  cancellationReason?: string;
  updatedAt: number;
}

export interface ObservedPaymentIntent {
  id: string;
  status: string;
  metadata: Record<string, string>;
}

export interface ObservedCharge {
  id: string;
  paymentIntentId: string | null;
  paid: boolean;
  captured: boolean;
  refunded: boolean;
}

/** One cart attempt (one Idempotency-Key) as its kiosk saw it. */
export interface ObservedAttempt {
  idempotencyKey: string;
  sessionIds: string[];
  paymentIntentIds: string[];
  /** The final state the customer was told or can be sure of (charged, or cancelled before any card); null if unknown. */
  expected: 'success' | 'cancelled' | null;
}

export interface Observed {
  sessions: ObservedSession[];
  paymentIntents: ObservedPaymentIntent[];
  charges: ObservedCharge[];
  attempts: ObservedAttempt[];
}

/** Which of the three figures a violation counts in: a payment lost, a customer charged twice, a session stuck. */
export type SafetyFigure = 'lost' | 'double-charged' | 'stuck';

export interface InvariantResult {
  name: string;
  figure: SafetyFigure;
  violations: string[];
}

/** Where every session must end once the alarm window has passed. */
const SETTLED = new Set(['success', 'cancelled']);
const FINAL = new Set(['success', 'cancelled', 'requires_attention']);

const groupBy = <T>(items: readonly T[], key: (item: T) => string | null | undefined) => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null || k === undefined) continue;
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
};

/** No session left open, and none flagged for staff (nothing in a run should mismatch its PaymentIntent). */
export function everySessionSettled({ sessions }: Observed): InvariantResult {
  return {
    name: 'every session settled (success or cancelled) after the alarm window',
    figure: 'stuck',
    violations: sessions.filter((s) => !SETTLED.has(s.status)).map((s) => `${s.sessionId} is ${s.status}`),
  };
}

export function atMostOnePaymentIntentPerSession({ paymentIntents }: Observed): InvariantResult {
  const violations = [...groupBy(paymentIntents, (pi) => pi.metadata.sessionId)]
    .filter(([, pis]) => pis.length > 1)
    .map(([sessionId, pis]) => `${sessionId} has ${pis.length} PaymentIntents: ${pis.map((pi) => pi.id).join(', ')}`);
  return { name: 'each session has at most one PaymentIntent', figure: 'double-charged', violations };
}

/** Every PaymentIntent belongs to a known session that knows it back. */
export function noOrphanedPaymentIntent({ sessions, paymentIntents }: Observed): InvariantResult {
  const byId = new Map(sessions.map((s) => [s.sessionId, s]));
  const violations = paymentIntents.flatMap((pi) => {
    const sessionId = pi.metadata.sessionId;
    if (!sessionId) return [`${pi.id} (${pi.status}) names no session`];
    const session = byId.get(sessionId);
    if (!session) return [`${pi.id} (${pi.status}) names unknown session ${sessionId}`];
    if (session.paymentIntentId !== pi.id) {
      return [`${pi.id} (${pi.status}) names ${sessionId}, whose PaymentIntent is ${session.paymentIntentId || 'none'}`];
    }
    return [];
  });
  return { name: 'no PaymentIntent orphaned', figure: 'lost', violations };
}

/** A session says paid exactly when Stripe says its PaymentIntent succeeded: no free coffee, no lost money. */
export function successIffPaymentSucceeded({ sessions, paymentIntents }: Observed): InvariantResult {
  const byId = new Map(paymentIntents.map((pi) => [pi.id, pi]));
  const violations = sessions.flatMap((s) => {
    const pi = s.paymentIntentId ? byId.get(s.paymentIntentId) : undefined;
    if (s.paymentIntentId && !pi) return [`${s.sessionId} (${s.status}) points at ${s.paymentIntentId}, which Stripe does not have`];
    const paid = pi?.status === 'succeeded';
    if (s.status === 'success' && !paid) return [`${s.sessionId} is success but its PaymentIntent is ${pi?.status ?? 'missing'}`];
    if (s.status !== 'success' && paid) return [`${s.sessionId} is ${s.status} but ${pi!.id} succeeded (charged, order lost)`];
    return [];
  });
  return { name: 'session success iff its PaymentIntent succeeded', figure: 'lost', violations };
}

/**
 * A session that ended without `success` leaves nothing at Stripe that can take money, nor money taken: every
 * PaymentIntent naming it is canceled, or succeeded and fully refunded.
 */
export function noMoneyBehindUnpaidSessions({ sessions, paymentIntents, charges }: Observed): InvariantResult {
  const intentsBySession = groupBy(paymentIntents, (pi) => pi.metadata.sessionId);
  const chargesByIntent = groupBy(charges, (c) => c.paymentIntentId);
  const violations = sessions
    .filter((s) => FINAL.has(s.status) && s.status !== 'success')
    .flatMap((s) =>
      (intentsBySession.get(s.sessionId) ?? []).flatMap((pi) => {
        if (pi.status === 'canceled') return [];
        if (pi.status !== 'succeeded') return [`${s.sessionId} is ${s.status} but ${pi.id} is still ${pi.status} (chargeable)`];
        const kept = (chargesByIntent.get(pi.id) ?? []).filter((c) => c.paid && c.captured && !c.refunded);
        return kept.length > 0 ? [`${s.sessionId} is ${s.status} but ${pi.id} was paid and not refunded`] : [];
      }),
    );
  return { name: 'a final non-success session has no live or paid PaymentIntent', figure: 'lost', violations };
}

/** At most one paid charge per PaymentIntent, and one session and PaymentIntent per cart attempt. */
export function nothingChargedTwice({ charges, attempts }: Observed): InvariantResult {
  const paid = charges.filter((c) => c.paid && c.captured && !c.refunded);
  const perIntent = [...groupBy(paid, (c) => c.paymentIntentId)]
    .filter(([, list]) => list.length > 1)
    .map(([pi, list]) => `${pi} has ${list.length} paid charges: ${list.map((c) => c.id).join(', ')}`);
  const perAttempt = attempts.flatMap((a) => {
    const sessions = new Set(a.sessionIds);
    const intents = new Set(a.paymentIntentIds);
    return sessions.size > 1 || intents.size > 1
      ? [`cart attempt ${a.idempotencyKey} got sessions ${[...sessions].join(', ')} and PaymentIntents ${[...intents].join(', ')}`]
      : [];
  });
  return {
    name: 'nothing charged twice (one paid charge per PaymentIntent, one PaymentIntent per cart attempt)',
    figure: 'double-charged',
    violations: [...perIntent, ...perAttempt],
  };
}

/** What the customer saw stands: a charged card ends in success, a cancelled order is never charged, no session lost. */
export function customerOutcomeKept({ sessions, attempts }: Observed): InvariantResult {
  const byId = new Map(sessions.map((s) => [s.sessionId, s]));
  const violations = attempts.flatMap((a) => {
    const sessionId = a.sessionIds[0];
    if (!sessionId) return [];
    const session = byId.get(sessionId);
    if (!session) return [`${sessionId} was created for a kiosk but is not in the session index`];
    if (a.expected && session.status !== a.expected) {
      return [`${sessionId}: the customer's payment was ${a.expected === 'success' ? 'charged' : 'cancelled'} but the session is ${session.status}`];
    }
    return [];
  });
  return { name: "every customer's outcome kept (0 lost payments)", figure: 'lost', violations };
}

export const INVARIANTS = [
  everySessionSettled,
  atMostOnePaymentIntentPerSession,
  noOrphanedPaymentIntent,
  successIffPaymentSucceeded,
  nothingChargedTwice,
  customerOutcomeKept,
  noMoneyBehindUnpaidSessions,
] as const;

export const checkInvariants = (observed: Observed): InvariantResult[] => INVARIANTS.map((check) => check(observed));
