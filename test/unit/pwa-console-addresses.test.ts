import { describe, expect, it } from 'vitest';
import { paths, routeOf } from '../../pwa/src/console/routes.ts';
import { salesQueryOf, salesSearchOf } from '../../pwa/src/console/store/sales.ts';
import { searchOf, sessionQueryOf } from '../../pwa/src/console/store/session-list.ts';

describe('the console’s addresses', () => {
  it('every page’s link leads back to that page', () => {
    expect(routeOf(paths.fleet())).toEqual({ page: 'fleet' });
    expect(new URL(paths.fleet('tml_1'), 'http://x').searchParams.get('store')).toBe('tml_1');
    expect(routeOf(paths.sessions())).toEqual({ page: 'sessions' });
    expect(routeOf(paths.session('cs_1'))).toEqual({ page: 'session', sessionId: 'cs_1' });
    expect(routeOf(paths.menu())).toEqual({ page: 'menu' });
    expect(routeOf(paths.item('iced-latte'))).toEqual({ page: 'item', itemId: 'iced-latte' });
    expect(routeOf(paths.item(null))).toEqual({ page: 'item', itemId: null });
    expect(routeOf(paths.kiosks())).toEqual({ page: 'kiosks' });
    expect(routeOf(paths.newKiosk())).toEqual({ page: 'new-kiosk' });
    expect(routeOf(paths.kiosk('k_1'))).toEqual({ page: 'kiosk', kioskId: 'k_1' });
    expect(routeOf(paths.sales())).toEqual({ page: 'sales' });
  });

  it('a trailing slash is the same page; anything else is no page', () => {
    expect(routeOf('/admin/')).toEqual({ page: 'fleet' });
    expect(routeOf('/admin/sessions/')).toEqual({ page: 'sessions' });
    for (const path of ['/admin/nope', '/admin/sessions/cs_1/more', '/admin/sales/2026', '/adminx', '/']) {
      expect(routeOf(path), path).toEqual({ page: 'not-found' });
    }
  });

  it('ids travel encoded and come back as they were', () => {
    expect(paths.session('a/b c')).toBe('/admin/sessions/a%2Fb%20c');
    expect(routeOf(paths.session('a/b c'))).toEqual({ page: 'session', sessionId: 'a/b c' });
  });

  it('the sessions filters survive the address bar, and nonsense in it is ignored', () => {
    const query = { store: 'tml_1', kiosk: 'k_1', status: 'success', date: '2026-11-27', reference: '3F9A1C' } as const;
    expect(sessionQueryOf(searchOf(query))).toEqual(query);
    expect(searchOf({ store: '', kiosk: '', status: '', date: '', reference: '' }).size).toBe(0);
    expect(sessionQueryOf(new URLSearchParams('status=paid&date=yesterday&reference=zz-top'))).toEqual({
      store: '',
      kiosk: '',
      status: '',
      date: '',
      reference: '',
    });
    // A reference typed in lowercase is the same reference.
    expect(sessionQueryOf(new URLSearchParams('reference=3f9a1c')).reference).toBe('3F9A1C');
  });

  it("the sales report covers the last seven days up to the operator's today unless the address says otherwise", () => {
    const now = Date.parse('2026-11-27T23:30:00Z');
    expect(salesQueryOf(new URLSearchParams(), now, 'UTC')).toEqual({ from: '2026-11-21', to: '2026-11-27' });
    // Already Saturday in Seoul.
    expect(salesQueryOf(new URLSearchParams(), now, 'Asia/Seoul')).toEqual({ from: '2026-11-22', to: '2026-11-28' });
    expect(salesQueryOf(new URLSearchParams('to=2026-02-03'), now, 'UTC')).toEqual({ from: '2026-01-28', to: '2026-02-03' });
    expect(salesQueryOf(new URLSearchParams('to=2024-03-01'), now, 'UTC')).toEqual({ from: '2024-02-24', to: '2024-03-01' });
    const chosen = { from: '2026-10-01', to: '2026-10-31', location: 'tml_1' };
    expect(salesQueryOf(salesSearchOf(chosen), now, 'UTC')).toEqual(chosen);
    expect(salesQueryOf(new URLSearchParams('from=nope&to=2026-13'), now, 'UTC')).toEqual({ from: '2026-11-21', to: '2026-11-27' });
  });
});
