import { describe, expect, inject, it } from 'vitest';
import { newKiosk, useChromium } from '../support/browser.ts';
import { openConsole, signIn } from '../support/console-page.ts';
import { see, tokenOf } from '../support/kiosk-page.ts';
import { simulatedKiosk } from '../support/simulated-kiosk.ts';

const baseUrl = inject('baseUrl');
const browser = useChromium();

const kioskCall = (token: string) => fetch(`${baseUrl}/api/kiosk`, { headers: { Authorization: `Bearer ${token}` } });

describe('kiosks from the console', () => {
  it('provisions a kiosk at a new store, registers its reader, pairs a fresh tablet with the code it shows, and changes its settings', async () => {
    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/kiosks' });
    await page.getByRole('link', { name: 'Provision a kiosk' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Provision a kiosk' }));
    await page.getByLabel('Name', { exact: true }).fill('Harbour kiosk');
    await page.getByLabel('Store', { exact: true }).selectOption({ label: 'A new store (at the address below)' });
    await page.getByLabel('Street address').fill('1 Harbour Way');
    await page.getByLabel('City').fill('San Francisco');
    await page.getByLabel('State or province (optional)').fill('CA');
    await page.getByLabel('Postal code').fill('94105');
    await page.getByLabel('Country').fill('us');
    await page.getByLabel('Language').selectOption({ label: '한국어' });
    await page.getByRole('button', { name: 'Provision the kiosk' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Harbour kiosk' }));
    const kioskId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);

    const reader = page.getByRole('region', { name: 'Card reader' });
    await see(reader.getByText('No reader registered.'));
    await reader.getByLabel('Registration code').fill('simulated-wpe');
    await reader.getByRole('button', { name: 'Register the reader' }).click();
    await see(reader.getByRole('status').getByText(/^Reader tmr_\w+ was registered\.$/));
    await see(reader.getByRole('button', { name: /^Remove / }));

    const pairing = page.getByRole('region', { name: 'Pair a tablet' });
    await pairing.getByRole('button', { name: 'Show a pairing code' }).click();
    await see(pairing.getByRole('img', { name: 'QR code of the kiosk’s address with the pairing code' }));
    const code = (await pairing.locator('.pairing-code').innerText()).trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const url = (await pairing.locator('.pairing-url').innerText()).trim();
    expect(url).toBe(`${baseUrl}/#pair=${code}`);

    // The installer scans the QR code with the tablet: the kiosk opens in its language, paired.
    const tablet = await newKiosk(browser(), baseUrl);
    await tablet.page.goto(url);
    await see(tablet.page.getByRole('heading', { name: '어서 오세요' }));
    await see(tablet.page.getByText('Harbour kiosk'));
    const token = (await tokenOf(tablet.page))!;
    expect(await (await kioskCall(token)).json()).toMatchObject({ kioskId, language: 'ko', readerId: expect.stringMatching(/^tmr_/) });

    await page.goto('/admin/kiosks');
    await see(page.getByRole('row', { name: /Harbour kiosk .* USD 한국어 tmr_\w+ Enabled/ }));

    // Its settings: renamed, and in English from now on.
    await page.getByRole('link', { name: 'Harbour kiosk' }).click();
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByLabel('Name').fill('Harbour kiosk 2');
    await settings.getByLabel('Language').selectOption({ label: 'English' });
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await see(settings.getByRole('status').getByText(/^The settings were saved\./));
    await see(page.getByRole('heading', { level: 1, name: 'Harbour kiosk 2' }));
    expect(await (await kioskCall(token)).json()).toMatchObject({ name: 'Harbour kiosk 2', language: 'en' });

    // Its reader removed, after a confirmation: the kiosk has none, and a new one can be registered.
    const readerPanel = page.getByRole('region', { name: 'Card reader' });
    await readerPanel.getByRole('button', { name: /^Remove / }).click();
    await see(readerPanel.getByRole('alert').getByText(/^Remove this reader\?/));
    await readerPanel.getByRole('button', { name: 'Remove it' }).click();
    await see(readerPanel.getByText('No reader registered.'));
    await see(readerPanel.getByLabel('Registration code'));
    expect(await (await kioskCall(token)).json()).toMatchObject({ readerId: null });
    await tablet.context.close();
    await context.close();
  });

  it('chooses the languages a kiosk offers and its default, its store’s time zone, and asking dine-in or take-away; the kiosk gets them', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Settings kiosk' });
    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/kiosks/${kiosk.kioskId}` });
    const settings = page.getByRole('region', { name: 'Settings' });
    await see(settings.getByRole('checkbox', { name: '日本語' }));
    expect(await settings.getByRole('checkbox', { name: 'English' }).isChecked()).toBe(true);

    await settings.getByRole('checkbox', { name: 'English' }).uncheck();
    // The default was English: it moves to a language still offered, and only offered ones are choices.
    const start = settings.getByLabel('Language each customer starts in');
    expect(await start.inputValue()).toBe('ko');
    expect(await start.locator('option').allInnerTexts()).toEqual(['한국어', '日本語']);
    await start.selectOption({ label: '日本語' });
    await settings.getByLabel('Time zone of the store').fill('Asia/Tokyo');
    await settings.getByRole('checkbox', { name: 'Ask each customer: dine-in or take-away' }).check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await see(settings.getByRole('status').getByText(/^The settings were saved\./));
    expect(await (await kioskCall(kiosk.token)).json()).toMatchObject({
      languages: ['ko', 'ja'],
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      askServiceMode: true,
    });

    // The last language offered cannot be taken away; a time zone that is not one is refused, in the operator's language.
    await settings.getByRole('checkbox', { name: '한국어' }).uncheck();
    expect(await settings.getByRole('checkbox', { name: '日本語' }).isDisabled()).toBe(true);
    await settings.getByLabel('Time zone of the store').fill('Mars/Olympus_Mons');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await see(settings.getByRole('alert').getByText('Mars/Olympus_Mons is not a time zone. Choose one from the list, such as Asia/Seoul or UTC.'));
    await page.getByRole('button', { name: '한국어' }).click();
    const 설정 = page.getByRole('region', { name: '설정' });
    await 설정.getByRole('button', { name: '설정 저장' }).click();
    await see(설정.getByRole('alert').getByText('Mars/Olympus_Mons은(는) 시간대가 아닙니다. 목록에서 고르세요(예: Asia/Seoul, UTC).'));
    await page.getByRole('button', { name: 'English' }).click();
    expect(await (await kioskCall(kiosk.token)).json()).toMatchObject({ languages: ['ko', 'ja'], timeZone: 'Asia/Tokyo' });

    await page.reload();
    await see(settings.getByLabel('Time zone of the store'));
    expect(await settings.getByLabel('Time zone of the store').inputValue()).toBe('Asia/Tokyo');
    expect(await settings.getByRole('checkbox', { name: 'English' }).isChecked()).toBe(false);
    expect(await settings.getByRole('checkbox', { name: 'Ask each customer: dine-in or take-away' }).isChecked()).toBe(true);
    await context.close();
  });

  it('rotating the token signs the tablet out; disabling stops the kiosk and enabling lets a tablet pair again', async () => {
    const { context, page } = await openConsole(browser(), baseUrl, { path: '/admin/kiosks/new' });
    await page.getByLabel('Name', { exact: true }).fill('Rotating kiosk');
    for (const [label, value] of [['Street address', '2 Main St'], ['City', 'Austin'], ['Postal code', '73301'], ['Country', 'US']]) {
      await page.getByLabel(label!).fill(value!);
    }
    await page.getByRole('button', { name: 'Provision the kiosk' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Rotating kiosk' }));
    const pairing = page.getByRole('region', { name: 'Pair a tablet' });
    await pairing.getByRole('button', { name: 'Show a pairing code' }).click();
    const tablet = await newKiosk(browser(), baseUrl);
    await tablet.page.goto((await pairing.locator('.pairing-url').innerText()).trim());
    await see(tablet.page.getByRole('heading', { name: 'Welcome' }));
    const token = (await tokenOf(tablet.page))!;

    const access = page.getByRole('region', { name: 'Access' });
    await access.getByRole('button', { name: 'Rotate its token' }).click();
    await see(access.getByRole('alert').getByText(/The tablet is signed out/));
    await access.getByRole('button', { name: 'Rotate it' }).click();
    await see(access.getByRole('status').getByText('The token was rotated: pair the tablet again with a code.'));
    expect((await kioskCall(token)).status).toBe(401);
    await tablet.page.reload();
    await see(tablet.page.getByRole('heading', { name: 'Pair this kiosk' }));

    await access.getByRole('button', { name: 'Disable the kiosk' }).click();
    await access.getByRole('button', { name: 'Disable it' }).click();
    await see(access.getByText('Disabled', { exact: true }));
    await see(pairing.getByText('Enable the kiosk to pair a tablet.'));
    // The code shown before stops working with the kiosk: it is no longer on the screen.
    expect(await pairing.locator('.pairing-code').count()).toBe(0);
    expect(await pairing.getByRole('button', { name: /^Show a/ }).isDisabled()).toBe(true);

    await access.getByRole('button', { name: 'Enable the kiosk' }).click();
    await see(access.getByText('Enabled', { exact: true }));
    await pairing.getByRole('button', { name: 'Show a pairing code' }).click();
    await see(pairing.locator('.pairing-code'));
    await tablet.page.getByLabel('Pairing code').fill((await pairing.locator('.pairing-code').innerText()).trim());
    await tablet.page.getByRole('button', { name: 'Pair', exact: true }).click();
    await see(tablet.page.getByRole('heading', { name: 'Welcome' }));
    await tablet.context.close();
    await context.close();
  });

  it('a settings answer slower than a disable does not show the kiosk enabled again: the page shows it as both left it', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Slow answer kiosk' });
    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/kiosks/${kiosk.kioskId}` });
    const settings = page.getByRole('region', { name: 'Settings' });
    const access = page.getByRole('region', { name: 'Access' });
    await see(access.getByText('Enabled', { exact: true }));
    // The worker saves the settings at once, but its answer reaches the page only after the disable's.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let saved = false;
    await page.route(new RegExp(`/api/admin/kiosks/${kiosk.kioskId}$`), async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      const response = await route.fetch();
      saved = true;
      await held;
      await route.fulfill({ response });
    });
    await settings.getByLabel('Name').fill('Slow answer kiosk 2');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => saved).toBe(true);
    await access.getByRole('button', { name: 'Disable the kiosk' }).click();
    await access.getByRole('button', { name: 'Disable it' }).click();
    await see(access.getByRole('status').getByText(/was disabled/));
    await see(access.getByText('Disabled', { exact: true }));

    release();
    await see(settings.getByRole('status').getByText(/^The settings were saved\./));
    expect(await access.getByText('Disabled', { exact: true }).isVisible()).toBe(true);
    await see(page.getByRole('heading', { level: 1, name: 'Slow answer kiosk 2' }));
    await see(access.getByRole('button', { name: 'Enable the kiosk' }));
    expect(await access.getByText('Enabled', { exact: true }).count()).toBe(0);
    expect(await (await kioskCall(kiosk.token)).json()).toMatchObject({ error: { code: 'kiosk_disabled' } });
    await context.close();
  });

  it('rotating the token takes the code not used yet off the screen: it no longer pairs, and a new code does', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Rotated before pairing' });
    const { context, page } = await openConsole(browser(), baseUrl, { path: `/admin/kiosks/${kiosk.kioskId}` });
    await see(page.getByRole('heading', { level: 1, name: 'Rotated before pairing' }));
    const pairing = page.getByRole('region', { name: 'Pair a tablet' });
    await pairing.getByRole('button', { name: 'Show a pairing code' }).click();
    const code = (await (await see(pairing.locator('.pairing-code'))).innerText()).trim();

    const access = page.getByRole('region', { name: 'Access' });
    await access.getByRole('button', { name: 'Rotate its token' }).click();
    await access.getByRole('button', { name: 'Rotate it' }).click();
    await see(access.getByRole('status').getByText('The token was rotated: pair the tablet again with a code.'));
    expect(await pairing.locator('.pairing-code').count()).toBe(0);
    expect(await pairing.getByRole('img').count()).toBe(0);
    expect(await pairing.getByText(code).count()).toBe(0);

    const tablet = await newKiosk(browser(), baseUrl);
    await tablet.page.goto(`${baseUrl}/#pair=${code}`);
    await see(tablet.page.getByText('That code has expired. Ask the admin console for a new one.'));
    await pairing.getByRole('button', { name: 'Show a pairing code' }).click();
    await tablet.page.getByLabel('Pairing code').fill((await (await see(pairing.locator('.pairing-code'))).innerText()).trim());
    await tablet.page.getByRole('button', { name: 'Pair', exact: true }).click();
    await see(tablet.page.getByRole('heading', { name: 'Welcome' }));
    await tablet.context.close();
    await context.close();
  });

  it('a pairing code left on the screen past its 10 minutes is taken off, and the console says it expired', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Expiring code kiosk' });
    const context = await browser().newContext({ baseURL: baseUrl, locale: 'ko-KR' });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`/admin/kiosks/${kiosk.kioskId}`);
    await signIn(page);
    const pairing = page.getByRole('region', { name: '태블릿 연결' });
    await pairing.getByRole('button', { name: '연결 코드 표시' }).click();
    const code = (await (await see(pairing.locator('.pairing-code'))).innerText()).trim();

    await page.clock.fastForward('10:01');
    await see(pairing.getByRole('status').getByText(/^연결 코드가 .+에 만료되었습니다\. 새 코드를 표시하세요\.$/));
    expect(await pairing.locator('.pairing-code').count()).toBe(0);
    expect(await pairing.getByRole('img').count()).toBe(0);
    expect(await pairing.getByText(code).count()).toBe(0);
    await pairing.getByRole('button', { name: '새 코드 표시' }).click();
    await see(pairing.locator('.pairing-code'));
    await expect.poll(() => pairing.getByText(/만료되었습니다/).count()).toBe(0);
    await context.close();
  });

  it('a store in a country the Stripe account does not take payments in is refused in the operator’s language', async () => {
    const { context, page } = await openConsole(browser(), baseUrl, { locale: 'ko-KR', path: '/admin/kiosks/new' });
    await page.getByLabel('이름', { exact: true }).fill('Toronto kiosk');
    for (const [label, value] of [['도로명 주소', '1 Front St W'], ['시/군/구', 'Toronto'], ['우편번호', 'M5J 2X5'], ['국가', 'CA']]) {
      await page.getByLabel(label!, { exact: true }).fill(value!);
    }
    await page.getByRole('button', { name: '키오스크 등록' }).click();
    await see(page.getByRole('alert').getByText('이 Stripe 계정은 계정과 같은 나라의 매장에서만 대면 결제를 받을 수 있습니다.'));
    expect(await page.getByText(/this Stripe account/).count()).toBe(0);
    await context.close();
  });

  it('a timeout left empty is not sent: the browser asks for it, in the operator’s language', async () => {
    const kiosk = await simulatedKiosk(baseUrl, { name: 'Timeout kiosk' });
    const { context, page } = await openConsole(browser(), baseUrl, { locale: 'ko-KR', path: `/admin/kiosks/${kiosk.kioskId}` });
    const 설정 = page.getByRole('region', { name: '설정' });
    const timeout = 설정.getByLabel('세션 제한 시간(초)');
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && new URL(request.url()).pathname === `/api/admin/kiosks/${kiosk.kioskId}`) sent.push(request.postData() ?? '');
    });
    await timeout.fill('');
    await 설정.getByRole('button', { name: '설정 저장' }).click();
    await expect.poll(() => timeout.evaluate((input: HTMLInputElement) => input.validationMessage)).not.toBe('');
    // The operator then gives a timeout and saves: that save is the only one the worker hears of.
    await timeout.fill('90');
    await 설정.getByRole('button', { name: '설정 저장' }).click();
    await see(설정.getByRole('status').getByText(/^설정을 저장했습니다\./));
    expect(sent.map((body) => JSON.parse(body).sessionTimeoutSeconds)).toEqual([90]);
    expect(await 설정.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
