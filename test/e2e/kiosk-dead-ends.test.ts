import { describe, expect, inject, it } from 'vitest';
import { READER_MODES } from '../../shared/api.ts';
import { useChromium } from '../support/browser.ts';
import { simulatorStripe } from '../support/stripe-sdk.ts';
import { currentSessionId, openKiosk, orderAndPay, provisionKiosk, recordScreens, see, sessionOf, tapCard } from '../support/kiosk-page.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();
const stripe = simulatorStripe(baseUrl);

for (const readerMode of READER_MODES) {
  describe(`no dead ends (${readerMode})`, () => {
    it('a 6-second network drop while the reader waits keeps the payment: the customer is told, then their card pays', async () => {
      const { kioskId } = await provisionKiosk(baseUrl, { name: `Network drop (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Americano']);
      const sessionId = (await currentSessionId(page))!;
      const screensSeen = await recordScreens(page);

      await context.setOffline(true);
      await see(page.getByText('The connection dropped. Your order is kept: reconnecting…'));
      await see(page.getByText('$4.50'));
      await page.waitForTimeout(6_000);
      await context.setOffline(false);

      await see(page.getByText('Insert or tap your card'));
      await tapCard(page, '4242424242424242');
      await see(page.getByRole('heading', { name: 'Payment successful' }));
      const session = await sessionOf(baseUrl, sessionId);
      expect(session.status).toBe('success');
      const seen = await screensSeen();
      expect(seen.filter((text) => /busy|No connection/.test(text))).toEqual([]);
      await context.close();
    });

    it('a card presented while the tablet’s network is down is not lost: the payment goes through once it is back', async () => {
      const { kioskId, kiosk } = await provisionKiosk(baseUrl, { name: `Card while offline (${readerMode})`, readerMode });
      const { context, page } = await openKiosk(browser(), baseUrl, kioskId);
      await orderAndPay(page, ['Bagel']);
      const sessionId = (await currentSessionId(page))!;
      await context.setOffline(true);
      await see(page.getByText('The connection dropped.', { exact: false }));
      await stripe.testHelpers.terminal.readers.presentPaymentMethod(kiosk.readerId!, { card_present: { number: '4242424242424242' } });
      await context.setOffline(false);
      await see(page.getByRole('heading', { name: 'Payment successful' }));
      expect((await sessionOf(baseUrl, sessionId)).status).toBe('success');
      const intents = await stripe.paymentIntents.list({ limit: 100 });
      expect(intents.data.filter((pi) => pi.metadata.sessionId === sessionId).map((pi) => pi.status)).toEqual(['succeeded']);
      await context.close();
    });
  });
}
