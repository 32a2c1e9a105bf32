/** The menu and the customer's order. A customer who walks away is asked first (`idle-prompt.ts`), never wiped silently. */
import { createEffect, createSignal, onCleanup } from 'solid-js';
import type { CartLine, CatalogResponse } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { addToCart, cartTotal, orderableLines, removeFromCart } from '../flow-decisions.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

/** Operators change the menu (prices, sold-out items) while the kiosk shows it. */
const MENU_REFRESH_MS = 30_000;

export function createCart({ state, dispatch }: KioskStateSignal) {
  const [catalog, setCatalog] = createSignal<CatalogResponse | null>(null);
  const [lines, setLines] = createSignal<CartLine[]>([]);

  const onCatalog = () => state().screen.name === 'catalog';

  // Kept fresh while the menu is on screen, or a tap away on the start screen; an item that went off the menu or sold
  // out leaves the order.
  createEffect(() => {
    if (!onCatalog() && state().screen.name !== 'attract') return;
    const timer = setInterval(() => void refreshMenu(), MENU_REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });

  async function refreshMenu() {
    let menu: CatalogResponse;
    try {
      menu = await api.getCatalog();
    } catch {
      // Kept as it is: an outage or a revoked kiosk is noticed by the calls that must succeed.
      return;
    }
    setCatalog(menu);
    const orderable = orderableLines(lines(), menu.items);
    if (onCatalog() && orderable.length < lines().length) change(() => orderable, true);
  }

  /** The worker refused the order for its menu: the menu as it is now, and the order without what it no longer allows. */
  async function takeOutWhatIsGone(): Promise<boolean> {
    try {
      const menu = await api.getCatalog();
      setCatalog(menu);
      setLines((current) => orderableLines(current, menu.items));
      return true;
    } catch {
      return false;
    }
  }

  function change(update: (current: CartLine[]) => CartLine[], menuChanged = false) {
    if (!dispatch({ type: 'cart_changed', menuChanged })) return;
    setLines(update);
  }

  return {
    catalog,
    setCatalog,
    lines,
    total: () => cartTotal(lines(), catalog()?.items ?? []),
    add: (line: CartLine) => change((current) => addToCart(current, line)),
    /** One fewer of the line with this `lineKey`. */
    remove: (key: string) => change((current) => removeFromCart(current, key)),
    takeOutWhatIsGone,
    clear: () => setLines([]),
    /** The checkout shows the session's own items, priced by the server. */
    replace: setLines,
  };
}

export type Cart = ReturnType<typeof createCart>;
