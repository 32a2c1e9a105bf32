import { describe, expect, it } from 'vitest';
import { setupOptions } from '../../scripts/stripe-setup/options.ts';

const env = { STRIPE_SECRET_KEY: 'sk_test_stripe_setup' };
const endpointFor = (...args: string[]) => setupOptions(args, env)?.endpointUrl;

// `npm run stripe:setup` decides what URL Stripe delivers to before it asks Stripe anything.
describe('npm run stripe:setup --url', () => {
  it('takes this machine by any of its loopback names for the local simulator, over http', () => {
    const simulator = ['--stripe-api', 'http://localhost:8787'];
    for (const url of ['http://localhost:8787', 'http://127.0.0.1:8787', 'http://[::1]:8787', 'http://127.0.1.1:8787', 'http://kiosk.localhost:8787']) {
      expect(endpointFor('--url', url, ...simulator), url).toBe(`${url}/api/webhooks/stripe`);
    }
  });

  it("refuses this machine, by any of its loopback names, as the URL of a deployed worker: Stripe cannot reach it", () => {
    for (const url of ['https://localhost', 'https://[::1]', 'https://127.0.1.1', 'https://kiosk.localhost', 'https://0.0.0.0']) {
      expect(() => endpointFor('--url', url), url).toThrow(/Stripe cannot reach/);
    }
  });
});
