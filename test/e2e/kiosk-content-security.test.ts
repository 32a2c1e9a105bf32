import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

/** The page's Content-Security-Policy, directive by directive. */
async function pagePolicy(): Promise<Map<string, string[]>> {
  const res = await fetch(`${baseUrl}/`);
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('what the kiosk page may reach (Content-Security-Policy)', () => {
  it('lets Stripe’s Terminal SDK reach every Terminal host on Stripe’s domain list, its logging host and the readers on the LAN', async () => {
    const connect = (await pagePolicy()).get('connect-src') ?? [];
    for (const host of [
      'https://api.stripe.com',
      'https://armada.stripe.com',
      'https://gator.stripe.com',
      'https://*.terminal-events.stripe.com',
      'https://api.emms.bbpos.com',
      'https://stripe-point-of-sale-us-west-2.s3.us-west-2.amazonaws.com',
      'https://*.device.stripe-terminal-local-reader.net:*',
    ]) {
      expect(connect, host).toContain(host);
    }
  });

  it('loads scripts only from itself and from Stripe’s SDK origin', async () => {
    expect((await pagePolicy()).get('script-src')).toEqual(["'self'", 'https://js.stripe.com']);
  });
});
