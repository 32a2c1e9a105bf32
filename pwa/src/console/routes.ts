/** The console's pages and their addresses under /admin: pure, so links and the router agree by construction. */

export const BASE = '/admin';

export type Route =
  | { page: 'fleet' }
  | { page: 'sessions' }
  | { page: 'session'; sessionId: string }
  | { page: 'menu' }
  | { page: 'item'; itemId: string | null }
  | { page: 'kiosks' }
  | { page: 'new-kiosk' }
  | { page: 'kiosk'; kioskId: string }
  | { page: 'sales' }
  | { page: 'not-found' };

/** The page an address shows. */
export function routeOf(pathname: string): Route {
  if (pathname !== BASE && !pathname.startsWith(`${BASE}/`)) return { page: 'not-found' };
  const parts = pathname.slice(BASE.length).split('/').filter(Boolean).map(decodeURIComponent);
  const [section, id, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found' };
  switch (section) {
    case undefined:
      return { page: 'fleet' };
    case 'sessions':
      return id === undefined ? { page: 'sessions' } : { page: 'session', sessionId: id };
    case 'menu':
      if (id === undefined) return { page: 'menu' };
      return { page: 'item', itemId: id === 'new' ? null : id };
    case 'kiosks':
      if (id === undefined) return { page: 'kiosks' };
      return id === 'new' ? { page: 'new-kiosk' } : { page: 'kiosk', kioskId: id };
    case 'sales':
      return id === undefined ? { page: 'sales' } : { page: 'not-found' };
    default:
      return { page: 'not-found' };
  }
}

const at = (...parts: string[]) => [BASE, ...parts.map(encodeURIComponent)].join('/');

/** Every page's address. */
export const paths = {
  /** The live fleet, or one store of it. */
  fleet: (locationId?: string) => (locationId ? `${BASE}?${new URLSearchParams({ store: locationId })}` : BASE),
  sessions: (filters?: URLSearchParams) => `${at('sessions')}${filters && filters.size > 0 ? `?${filters}` : ''}`,
  session: (sessionId: string) => at('sessions', sessionId),
  menu: () => at('menu'),
  item: (itemId: string | null) => at('menu', itemId ?? 'new'),
  kiosks: () => at('kiosks'),
  newKiosk: () => at('kiosks', 'new'),
  kiosk: (kioskId: string) => at('kiosks', kioskId),
  sales: () => at('sales'),
};
