import { describe, expect, it } from 'vitest';
import { readyBanner } from '../../scripts/start-banner.ts';

// What `npm start` prints once the worker answers: only what exists in the mode it runs in.
describe("npm start's ready banner", () => {
  it('offers the developer panel and the Stripe simulator in simulated mode', () => {
    const banner = readyBanner('simulated');
    expect(banner).toContain('http://localhost:8787   (simulated mode)');
    expect(banner).toContain('developer panel');
    expect(banner).toContain('Stripe simulator API: http://localhost:8787/v1');
  });

  it("names the operators' console and the development sign-in, as the README's first lines do", () => {
    expect(readyBanner('simulated')).toContain("Operators' console: http://localhost:8787/admin (sign in with dev-admin-token)");
  });

  it("sends the developer to their own ADMIN_TOKEN when their secrets file sets one", () => {
    expect(readyBanner('simulated', { adminTokenFile: '.dev.vars' })).toContain("Operators' console: http://localhost:8787/admin (sign in with ADMIN_TOKEN from .dev.vars)");
    expect(readyBanner('test', { adminTokenFile: '.dev.vars' })).toContain("Operators' console: http://localhost:8787/admin (sign in with ADMIN_TOKEN from .dev.vars)");
    expect(readyBanner('test', { adminTokenFile: '.dev.vars' })).not.toContain('dev-admin-token');
  });

  it('never points at the simulator in test mode, where /v1 is a 404', () => {
    const banner = readyBanner('test');
    expect(banner).toContain('http://localhost:8787   (test mode)');
    expect(banner).toContain('POST /api/admin/kiosks/:id/pairing-code');
    expect(banner).not.toContain('/v1');
    expect(banner).toContain('Stop: Ctrl+C');
  });
});
