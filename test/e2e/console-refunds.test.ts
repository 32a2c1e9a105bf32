import { describe, expect, inject, it } from 'vitest';
import { useChromium } from '../support/browser.ts';
import { openConsole, openPaidSession, refundAsAnotherOperator, signIn } from '../support/console-page.ts';
import { see, sessionOf } from '../support/kiosk-page.ts';
import { DEV_ADMIN_TOKEN } from '../../scripts/operator-api.ts';
import { simulatedKiosk, simulatorControl, type SimulatedKiosk } from '../support/simulated-kiosk.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

/** Stripe's test card whose refunds succeed at first and fail later. */
const REFUND_FAILS = '4000000000005126';

describe('refunds from a session’s page', () => {
  it('refunds part of a payment, refuses more than is left, then refunds the rest', async () => {
    const { paid, context, page, refunds, amount } = await openPaidSession(browser(), baseUrl, 'Refunding kiosk');
    expect(paid).toMatchObject({ status: 'success', amount: 1100 });
    await see(refunds.getByText('$11.00 can still be refunded.'));

    await amount.fill('3');
    await refunds.getByLabel('Reason').selectOption({ label: 'Requested by the customer' });
    await refunds.getByRole('button', { name: 'Refund $3.00' }).click();
    await see(refunds.getByRole('status').getByText('Refund of $3.00 made.'));
    await see(refunds.getByRole('row', { name: /\$3\.00 Succeeded Requested by the customer/ }));
    await see(refunds.getByText('$8.00 can still be refunded.'));

    await amount.fill('9.00');
    await refunds.getByRole('button', { name: 'Refund $9.00' }).click();
    await see(refunds.getByRole('alert').getByText('That is more than is left to refund of this payment: another refund may have been made meanwhile. Nothing was refunded.'));
    expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 300 });

    // The field offers what is left: the rest, in full.
    expect(await amount.inputValue()).toBe('8.00');
    await refunds.getByRole('button', { name: 'Refund $8.00' }).click();
    await see(refunds.getByRole('row', { name: /\$8\.00 Succeeded/ }));
    // Nothing is left to refund: the form goes, and what the operator's last refund did is still said.
    await see(refunds.getByRole('status').getByText('Refund of $8.00 made.'));
    await see(page.getByRole('term').filter({ hasText: 'Refunded' }).locator('+ dd').getByText('$11.00'));
    expect(await refunds.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 1100 });

    // Each change of the session is on its timeline, with what caused it.
    const timeline = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
    await see(timeline.filter({ hasText: 'Started' }).getByText('reported by the kiosk'));
    await see(timeline.filter({ hasText: 'Paid' }).getByText(/^(reported by the kiosk|from Stripe webhook event evt_\w+)$/));
    await context.close();
  });

  it('a full refund clicked on a page older than another operator’s partial refund is refused, never a different amount', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Two operators kiosk' });
    const paid = await kiosk.pay('4242424242424242', [{ id: 'latte', quantity: 2 }]);
    expect(paid).toMatchObject({ status: 'success', amount: 1100 });
    // The first operator's page keeps its clock still: it does not read the session again before the click.
    const stale = await browser().newContext({ baseURL: baseUrl, locale: 'en-US' });
    const stalePage = await stale.newPage();
    await stalePage.clock.install();
    await stalePage.goto(`/admin/sessions/${paid.sessionId}`);
    await signIn(stalePage);
    const staleRefunds = stalePage.getByRole('region', { name: 'Refunds' });
    await see(staleRefunds.getByRole('button', { name: 'Refund $11.00' }));

    // Another operator refunds part of it meanwhile.
    const other = await openConsole(browser(), baseUrl, { path: `/admin/sessions/${paid.sessionId}` });
    const otherRefunds = other.page.getByRole('region', { name: 'Refunds' });
    await otherRefunds.getByLabel('Amount to refund (USD)').fill('3');
    await otherRefunds.getByRole('button', { name: 'Refund $3.00' }).click();
    await see(otherRefunds.getByRole('status').getByText('Refund of $3.00 made.'));

    await staleRefunds.getByRole('button', { name: 'Refund $11.00' }).click();
    await see(staleRefunds.getByRole('alert').getByText('That is more than is left to refund of this payment: another refund may have been made meanwhile. Nothing was refunded.'));
    expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 300 });
    // The page reads the session again: the operator sees what is really left.
    await see(staleRefunds.getByText('$8.00 can still be refunded.'));
    await see(staleRefunds.getByRole('row', { name: /\$3\.00 Succeeded/ }));
    await see(staleRefunds.getByRole('button', { name: 'Refund $8.00' }));
    await other.context.close();
    await stale.close();
  });

  it('an amount the operator typed stays as typed while the page reads the session again, also after another operator’s refund', async () => {
    const { paid, context, refunds, amount } = await openPaidSession(browser(), baseUrl, 'Typing operator kiosk');
    expect(paid).toMatchObject({ status: 'success', amount: 1100 });
    await amount.fill('2');
    await see(refunds.getByRole('button', { name: 'Refund $2.00' }));

    // Another operator refunds part of it; this page hears of it on its next read of the session.
    expect(await refundAsAnotherOperator(baseUrl, paid.sessionId, 300)).toBe(201);
    await see(refunds.getByText('$8.00 can still be refunded.'));

    expect(await amount.inputValue()).toBe('2');
    await refunds.getByRole('button', { name: 'Refund $2.00' }).click();
    await see(refunds.getByRole('status').getByText('Refund of $2.00 made.'));
    expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 500 });
    // Once the operator's refund is made, the field offers what is left.
    await see(refunds.getByRole('button', { name: 'Refund $6.00' }));
    await context.close();
  });

  it('a refund refused for another reason than its amount (Interac: in person only) keeps the amount the operator typed as the page reads the session again', async () => {
    const { paid, context, page, refunds, amount } = await openPaidSession(browser(), baseUrl, 'Refused refund kiosk');
    await amount.fill('2');
    // The worker's answer for an Interac payment (a Canadian kiosk's), instead of its own.
    await page.route('**/refunds', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'refund_in_person', message: 'Interac is refunded in person only' } }),
      }),
    );
    await refunds.getByRole('button', { name: 'Refund $2.00' }).click();
    await see(refunds.getByRole('alert').getByText('This payment was made with Interac, which can only be refunded in person', { exact: false }));
    // Two reads of the session after the refusal: the one it asks for, and the page's next.
    for (let read = 0; read < 2; read++) await page.waitForResponse((response) => response.url().endsWith(`/api/admin/sessions/${paid.sessionId}`));
    expect(await amount.inputValue()).toBe('2');
    await see(refunds.getByRole('button', { name: 'Refund $2.00' }));
    await context.close();
  });

  it('a refund whose answer was lost while the page could not read the session either: the page back keeps the amount, and the click again refunds it once', async () => {
    const { paid, context, page, refunds, amount } = await openPaidSession(browser(), baseUrl, 'Lost refund answer kiosk');
    await amount.fill('2');
    await refunds.getByLabel('Reason').selectOption({ label: 'Requested by the customer' });
    // The connection drops as the refund is made: the worker refunds, the page hears nothing, nor reads the session.
    let connected = false;
    let lost = 0;
    await page.route('**/refunds', async (route) => {
      if (lost++ > 0) return route.fallback();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.route(new RegExp(`/api/admin/sessions/${paid.sessionId}$`), (route) => (connected ? route.fallback() : route.abort('internetdisconnected')));
    await refunds.getByRole('button', { name: 'Refund $2.00' }).click();
    await see(page.getByRole('alert'));
    expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 200 });

    connected = true;
    await see(refunds.getByText('$9.00 can still be refunded.'));
    expect(await amount.inputValue()).toBe('2');
    await refunds.getByRole('button', { name: 'Refund $2.00' }).click();
    await see(refunds.getByRole('status').getByText('Refund of $2.00 made.'));
    expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 200 });
    await context.close();
  });

  it('a read of the session that fails after a refund keeps the page as it was, with a notice that goes once a read works again', async () => {
    const { paid, context, page, refunds, amount } = await openPaidSession(browser(), baseUrl, 'Blip kiosk');
    await amount.fill('2');
    await refunds.getByRole('button', { name: 'Refund $2.00' }).click();
    await see(refunds.getByRole('status').getByText('Refund of $2.00 made.'));
    await see(refunds.getByText('$9.00 can still be refunded.'));

    // The worker cannot answer the page's reads of the session for a moment: one fails with a 500, another never arrives.
    const notice = page.getByText('This page could not be refreshed: it shows what was last loaded.');
    let failed = 0;
    await page.route(new RegExp(`/api/admin/sessions/${paid.sessionId}$`), (route) =>
      failed++ === 0
        ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal_error', message: 'Internal error' } }) })
        : route.abort('internetdisconnected'),
    );
    await see(notice);
    await expect.poll(() => failed).toBeGreaterThanOrEqual(2);
    await see(notice);
    await see(refunds.getByRole('status').getByText('Refund of $2.00 made.'));
    await see(refunds.getByRole('button', { name: 'Refund $9.00' }));
    await see(page.getByRole('term').filter({ hasText: 'Refunded' }).locator('+ dd').getByText('$2.00'));
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.unrouteAll();
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
    await see(refunds.getByRole('status').getByText('Refund of $2.00 made.'));
    await see(refunds.getByRole('row', { name: /\$2\.00 Succeeded/ }));
    await context.close();
  });

  it('a refund that fails after the fact (Stripe’s refund-failure card) shows as failed, and the money as not refunded', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Refund-failure kiosk' });
    const paid = await kiosk.pay(REFUND_FAILS, [{ id: 'bagel', quantity: 1 }]);
    expect(paid.status).toBe('success');
    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/sessions/${paid.sessionId}` });
    const refunds = page.getByRole('region', { name: 'Refunds' });
    await refunds.getByRole('button', { name: 'Refund $3.00' }).click();
    await see(refunds.getByRole('row', { name: /\$3\.00 Succeeded/ }));

    // Stripe reports the failure later (the simulator's clock moves on); the page shows it without a reload.
    await simulatorControl(baseUrl, 'clock/advance', { seconds: 120 });
    await see(refunds.getByRole('row', { name: /\$3\.00 Failed/ }));
    await see(refunds.getByText('$3.00 can still be refunded.'));
    await context.close();
  });
});

describe('an Interac payment is refunded at the reader from its session’s page', () => {
  /** Stripe's Interac test card. */
  const INTERAC = '4506445006931933';
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const moveAccount = (country: string) =>
    fetch(`${baseUrl}/v1/_simulator/account`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_e2e', 'Content-Type': 'application/json' },
      body: JSON.stringify({ country }),
    });
  /** The account in Canada with a poutine priced in CAD, and a server-driven kiosk at a Toronto store, for `work`. */
  async function inCanada(work: (kiosk: SimulatedKiosk) => Promise<void>) {
    await moveAccount('CA');
    try {
      expect((await admin('PUT', '/api/admin/catalog/items/poutine', { name: { en: 'Poutine' }, category: 'food', prices: { cad: 1200 } })).status).toBeLessThan(300);
      await work(await simulatedKiosk(baseUrl, { name: 'Toronto kiosk' }));
    } finally {
      await admin('DELETE', '/api/admin/catalog/items/poutine');
      await moveAccount('US');
    }
  }
  const presentInterac = (readerId: string) =>
    simulatorStripe(baseUrl).testHelpers.terminal.readers.presentPaymentMethod(readerId, { type: 'interac_present', interac_present: { number: INTERAC } });
  /** A session's page in the console, and its "Refund at the reader" form. */
  async function atReaderOf(sessionId: string) {
    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/sessions/${sessionId}` });
    const refunds = page.getByRole('region', { name: 'Refunds' });
    return { context, refunds, atReader: refunds.getByRole('region', { name: 'Refund at the reader' }) };
  }

  it('the operator starts the refund at the kiosk’s reader, is told the customer presents the card, then sees it refunded', async () => {
    await inCanada(async (kiosk) => {
      const paid = await kiosk.present(await kiosk.order([{ id: 'poutine', quantity: 1 }]), INTERAC);
      expect(paid).toMatchObject({ status: 'success', currency: 'cad', receipt: { brand: 'interac' } });

      const { context, refunds, atReader } = await atReaderOf(paid.sessionId);
      await see(atReader.getByText('Paid with Interac: Stripe refunds it only at a reader, to the card the customer paid with.'));
      // Stripe refuses an online refund of Interac: only the reader's form is offered.
      expect(await refunds.getByRole('button', { name: /^Refund CA\$12\.00$/ }).count()).toBe(0);
      await atReader.getByLabel('Amount to refund (CAD)').fill('5');
      await atReader.getByRole('button', { name: 'Refund CA$5.00 at the reader' }).click();
      await see(atReader.getByText(`Ask the customer to present the card they paid with at reader ${kiosk.readerId}: CA$5.00 goes back to it.`));

      await simulatorStripe(baseUrl).testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId, {
        type: 'interac_present',
        interac_present: { number: INTERAC },
      });
      // The page reads the session again: the refund Stripe made, and what is left.
      await see(atReader.getByText(`Refunded CA$5.00 at reader ${kiosk.readerId}.`));
      await see(refunds.getByRole('row', { name: /CA\$5\.00 Succeeded/ }));
      await see(atReader.getByText('CA$7.00 can still be refunded.'));
      expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 500 });
      await context.close();
    });
  });

  it('the customer walked away: Cancel at the reader frees the reader, and the refund can be started again', async () => {
    await inCanada(async (kiosk) => {
      const paid = await kiosk.present(await kiosk.order([{ id: 'poutine', quantity: 1 }]), INTERAC);
      const { context, atReader } = await atReaderOf(paid.sessionId);
      await atReader.getByRole('button', { name: 'Refund CA$12.00 at the reader' }).click();
      await see(atReader.getByText(`Ask the customer to present the card they paid with at reader ${kiosk.readerId}: CA$12.00 goes back to it.`));

      // Stripe is slow to answer: the button cannot be pressed twice meanwhile.
      await simulatorControl(baseUrl, 'faults', { method: 'POST', path: `/v1/terminal/readers/${kiosk.readerId}/cancel_action`, kind: 'timeout', delayMs: 1_500, count: 1 });
      const cancel = atReader.getByRole('button', { name: 'Cancel at the reader' });
      await cancel.click();
      await expect.poll(() => cancel.isDisabled()).toBe(true);
      await see(atReader.getByText(`You cancelled the refund of CA$12.00 at reader ${kiosk.readerId}: nothing was refunded, and you can start it again.`));
      expect(await atReader.getByRole('button', { name: 'Cancel at the reader' }).count()).toBe(0);
      const reader = (await simulatorStripe(baseUrl).terminal.readers.retrieve(kiosk.readerId)) as { action: unknown };
      expect(reader.action).toBeNull();

      // Offered again: the customer came back.
      await atReader.getByRole('button', { name: 'Refund CA$12.00 at the reader' }).click();
      await see(atReader.getByRole('button', { name: 'Cancel at the reader' }));
      await presentInterac(kiosk.readerId);
      await see(atReader.getByText(`Refunded CA$12.00 at reader ${kiosk.readerId}.`));
      expect((await sessionOf(baseUrl, paid.sessionId)) as unknown).toMatchObject({ refunded: 1200 });
      await context.close();
    });
  });

  it('a start whose answer was lost, then cancelled at the reader: the next click starts a new refund the reader asks for', async () => {
    await inCanada(async (kiosk) => {
      const paid = await kiosk.present(await kiosk.order([{ id: 'poutine', quantity: 1 }]), INTERAC);
      const { context, atReader } = await atReaderOf(paid.sessionId);
      // Stripe starts the refund at the reader, but every answer (the first and the SDK's two retries) is lost: the page
      // reads the session and sees it waiting.
      await simulatorControl(baseUrl, 'faults', { method: 'POST', path: `/v1/terminal/readers/${kiosk.readerId}/refund_payment`, kind: 'lose_response', count: 3 });
      await atReader.getByRole('button', { name: 'Refund CA$12.00 at the reader' }).click();
      await see(atReader.getByRole('button', { name: 'Cancel at the reader' }));
      // The customer walked away; then came back.
      await atReader.getByRole('button', { name: 'Cancel at the reader' }).click();
      await see(atReader.getByText(`You cancelled the refund of CA$12.00 at reader ${kiosk.readerId}: nothing was refunded, and you can start it again.`));
      await atReader.getByRole('button', { name: 'Refund CA$12.00 at the reader' }).click();
      await see(atReader.getByText(`Ask the customer to present the card they paid with at reader ${kiosk.readerId}: CA$12.00 goes back to it.`));
      const reader = (await simulatorStripe(baseUrl).terminal.readers.retrieve(kiosk.readerId)) as { action: { type: string; status: string } | null };
      expect(reader.action).toMatchObject({ type: 'refund_payment', status: 'in_progress' });
      await presentInterac(kiosk.readerId);
      await see(atReader.getByText(`Refunded CA$12.00 at reader ${kiosk.readerId}.`));
      await context.close();
    });
  });

  it('Interac money a session must not keep (it took another amount than its order) is refunded at the reader from its page', async () => {
    await inCanada(async (kiosk) => {
      const order = await kiosk.order([{ id: 'poutine', quantity: 1 }]);
      // Tampered with before it was paid: not this order's amount.
      await simulatorStripe(baseUrl).paymentIntents.update(order.paymentIntentId, { amount: 999 });
      const taken = await kiosk.present(order, INTERAC);
      expect(taken).toMatchObject({ status: 'requires_attention' });

      const { context, atReader } = await atReaderOf(taken.sessionId);
      await see(atReader.getByText('CA$9.99 can still be refunded.'));
      await atReader.getByRole('button', { name: 'Refund CA$9.99 at the reader' }).click();
      await see(atReader.getByRole('button', { name: 'Cancel at the reader' }));
      await presentInterac(kiosk.readerId);
      await see(atReader.getByText(`Refunded CA$9.99 at reader ${kiosk.readerId}.`));
      expect((await sessionOf(baseUrl, taken.sessionId)) as unknown).toMatchObject({ status: 'requires_attention', refunded: 999 });
      await context.close();
    });
  });
});
