import { Hono } from 'hono';
import { allowOnly, optionalEnum, optionalHash, optionalInteger, optionalString, type Params } from '../http/params.ts';
import { invalidParam, missingParam, StripeApiError } from '../http/stripe-error.ts';
import { sendObject, type SimContext, type SimEnv } from '../http/wire.ts';
import { cardOutcome } from '../models/card-outcomes.ts';
import { attachPaymentMethod, confirmPayment, findPaymentIntent, type PaymentIntent } from '../models/payment-intent.ts';
import { createPresentedPaymentMethod, PRESENTED_TYPES, type PresentedType } from '../models/payment-method.ts';
import {
  actionInProgress,
  assertReaderReady,
  failureOf,
  findReader,
  finishAction,
  type Reader,
  type ReaderAction,
} from '../models/reader.ts';
import { createRefund } from '../models/refund.ts';
import { findSetupIntent, setUpPresentedCard } from '../models/setup-intent.ts';
import { configurationFor } from '../models/terminal-configuration.ts';

/** Stripe's default test cards when none is given: Visa, or the Interac card for interac_present. */
const DEFAULT_NUMBERS: Record<PresentedType, string> = {
  card_present: '4242424242424242',
  interac_present: '4506445006931933',
  card: '4242424242424242',
};

const noActionFor = (what: string) =>
  new StripeApiError(400, { type: 'invalid_request_error' }, `This reader has no in-progress action that ${what}.`);

/** Without `type`, Stripe presents what the PaymentIntent takes: card_present if allowed, else interac_present. */
function presentedType(params: Params, pi: PaymentIntent | null): PresentedType {
  const type = optionalEnum(params, 'type', PRESENTED_TYPES);
  if (type) return type;
  if (pi && !pi.payment_method_types.includes('card_present') && pi.payment_method_types.includes('interac_present')) {
    return 'interac_present';
  }
  return 'card_present';
}

function presentedNumber(params: Params, type: PresentedType): string {
  const given = optionalHash(params, type);
  const details = given ?? {};
  allowOnly(details, type === 'card' ? ['number', 'exp_month', 'exp_year', 'cvc'] : ['number'], type);
  if (type === 'card' && given) {
    // A keyed-in card is a whole card: its number and expiry, as Stripe's API requires them.
    for (const field of ['number', 'exp_month', 'exp_year']) {
      if (details[field] === undefined || details[field] === '') throw missingParam(`card[${field}]`);
    }
  }
  return optionalString(details, 'number') ?? DEFAULT_NUMBERS[type];
}

/**
 * An on-reader tip counts only where the reader offers tipping: its configuration has tipping for the currency and
 * the action did not skip it. Stripe then raises the PaymentIntent's `amount` and records `amount_details.tip`. The
 * tip is this card's: a tip given with a card that was declined is replaced, never added to.
 */
function withTip(c: SimContext, reader: Reader, action: ReaderAction, pi: PaymentIntent, tip: number): PaymentIntent {
  const detail = action[action.type] as { process_config?: { skip_tipping?: boolean }; collect_config?: { skip_tipping?: boolean } };
  const skipped = (detail.process_config ?? detail.collect_config)?.skip_tipping === true;
  const offered = configurationFor(c.env.sim, reader).tipping?.[pi.currency] !== undefined;
  const earlierTip = (pi.amount_details as { tip?: { amount?: number } } | undefined)?.tip?.amount ?? 0;
  const untipped = { ...pi, amount: pi.amount - earlierTip, amount_details: { tip: {} } };
  if (tip <= 0 || skipped || !offered) return earlierTip > 0 ? untipped : pi;
  return { ...untipped, amount: untipped.amount + tip, amount_details: { tip: { amount: tip } } };
}

function present(c: SimContext, reader: Reader, action: ReaderAction): Reader {
  const params = c.env.params;
  const sim = c.env.sim;
  const detail = action[action.type] as Record<string, unknown>;
  const tip = optionalInteger(params, 'amount_tip') ?? 0;
  if (action.type === 'process_setup_intent') {
    const si = findSetupIntent(sim, String(detail.setup_intent), 'setup_intent');
    const type = presentedType(params, null);
    const number = presentedNumber(params, type);
    const outcome = cardOutcome(number, 0, 'usd');
    if (!outcome) throw invalidParam(`${type}[number]`, `${number} is not one of Stripe's test card numbers.`);
    const { generatedCard, error } = setUpPresentedCard(sim, si, createPresentedPaymentMethod(sim, type, outcome));
    if (error) {
      return finishAction(sim, reader, { failure_code: String(error.code), failure_message: String(error.message), api_error: error });
    }
    return finishAction(sim, { ...reader, action: { ...action, process_setup_intent: { ...detail, generated_card: generatedCard } } }, null);
  }
  if (action.type === 'refund_payment') {
    const chargeId = detail.charge ? String(detail.charge) : findPaymentIntent(sim, String(detail.payment_intent)).latest_charge;
    const charge = chargeId ? sim.store.get('charge', chargeId) : null;
    try {
      if (!charge) throw new StripeApiError(400, { type: 'invalid_request_error', code: 'charge_not_refundable' }, 'Nothing to refund.');
      const refund = createRefund(sim, charge, {
        amount: detail.amount as number | undefined,
        metadata: detail.metadata as Record<string, string> | undefined,
      });
      return finishAction(sim, { ...reader, action: { ...action, refund_payment: { ...detail, refund: refund.id } } }, null);
    } catch (err) {
      if (err instanceof StripeApiError) return finishAction(sim, reader, failureOf(sim, err));
      throw err;
    }
  }
  let pi = findPaymentIntent(sim, String(detail.payment_intent), 'payment_intent');
  const type = presentedType(params, pi);
  const number = presentedNumber(params, type);
  pi = withTip(c, reader, action, pi, tip);
  const outcome = cardOutcome(number, pi.amount, pi.currency);
  if (!outcome) throw invalidParam(`${type}[number]`, `${number} is not one of Stripe's test card numbers.`);
  const pm = createPresentedPaymentMethod(sim, type, outcome);
  try {
    pi = attachPaymentMethod(sim, pi, pm);
  } catch (err) {
    if (err instanceof StripeApiError) return finishAction(sim, reader, failureOf(sim, err));
    throw err;
  }
  if (action.type === 'collect_payment_method') {
    return finishAction(sim, { ...reader, action: { ...action, collect_payment_method: { ...detail, payment_method: pm } } }, null);
  }
  const { error } = confirmPayment(sim, pi);
  return finishAction(sim, reader, error ? failureOf(sim, error) : null);
}

/** A value a customer might enter for each input type. */
const SAMPLE_INPUT: Record<string, string> = {
  email: 'customer@example.com',
  numeric: '12345',
  phone: '+15555550123',
  signature: 'file_simulated_signature',
  text: 'Simulated input',
};

/** Test helpers: what a customer does at a simulated reader. */
export const terminalReaderTestHelperRoutes = new Hono<SimEnv>()
  .post('/:id/present_payment_method', (c) => {
    allowOnly(c.env.params, ['type', 'card_present', 'interac_present', 'card', 'amount_tip']);
    const reader = findReader(c.env.sim, c.req.param('id'));
    assertReaderReady({ ...reader, action: null });
    const action = actionInProgress(reader, ['process_payment_intent', 'collect_payment_method', 'process_setup_intent', 'refund_payment']);
    if (!action) throw noActionFor('a payment method can be presented to');
    return sendObject(c, present(c, reader, action));
  })
  .post('/:id/succeed_input_collection', (c) => {
    allowOnly(c.env.params, ['skip_non_required_inputs']);
    const skip = optionalEnum(c.env.params, 'skip_non_required_inputs', ['all', 'none'] as const) === 'all';
    const reader = findReader(c.env.sim, c.req.param('id'));
    const action = actionInProgress(reader, ['collect_inputs']);
    if (!action) throw noActionFor('collects inputs');
    const detail = action.collect_inputs as { inputs: Record<string, unknown>[] };
    const inputs = detail.inputs.map((input) => {
      if (skip && input.required !== true) return { ...input, skipped: true };
      const type = String(input.type);
      const toggles = (input.toggles as Record<string, unknown>[] | null)?.map((t) => ({ ...t, value: t.default_value ?? 'enabled' })) ?? null;
      if (type === 'selection') {
        const selection = input.selection as { choices: { id: string | null; text: string }[] };
        const first = selection.choices[0];
        return { ...input, toggles, selection: { ...selection, id: first?.id ?? null, text: first?.text ?? null } };
      }
      return { ...input, toggles, [type]: { value: SAMPLE_INPUT[type] ?? null } };
    });
    return sendObject(c, finishAction(c.env.sim, { ...reader, action: { ...action, collect_inputs: { ...detail, inputs } } }, null));
  })
  .post('/:id/timeout_input_collection', (c) => {
    allowOnly(c.env.params, []);
    const reader = findReader(c.env.sim, c.req.param('id'));
    const action = actionInProgress(reader, ['collect_inputs']);
    if (!action) throw noActionFor('collects inputs');
    return sendObject(
      c,
      finishAction(c.env.sim, reader, {
        failure_code: 'terminal_reader_timeout',
        failure_message: 'The reader timed out waiting for the customer to complete the inputs.',
        api_error: null,
      }),
    );
  });
