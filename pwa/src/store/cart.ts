/** The menu and the customer's order, cleared when a half-filled cart is left alone. */
import { createEffect, createSignal, onCleanup } from 'solid-js';
import type { CartLine, CatalogResponse } from '../../../shared/api.ts';
import * as api from '../api.ts';
import { addToCart, cartTotal, orderableLines, removeFromCart } from '../flow-decisions.ts';
import type { KioskStateSignal } from './kiosk-state.ts';

const IDLE_CART_MS = 60_000;
/** Operators change the menu (prices, sold-out items) while the kiosk shows it. */
const MENU_REFRESH_MS = 30_000;

export function createCart({ state, dispatch }: KioskStateSignal) {
  const [catalog, setCatalog] = createSignal<CatalogResponse | null>(null);
  const [lines, setLines] = createSignal<CartLine[]>([]);
  /** Fires on every touch on the screen: the customer is still there. */
  const [touched, touch] = createSignal(undefined, { equals: false });

  const onCatalog = () => state().screen.name === 'catalog';

  createEffect(() => {
    touched();
    if (!onCatalog() || lines().length === 0) return;
    const timer = setTimeout(() => {
      setLines([]);
      dispatch({ type: 'cart_changed' });
    }, IDLE_CART_MS);
    onCleanup(() => clearTimeout(timer));
  });

  // Kept fresh while the menu is on screen; an item that went off the menu or sold out leaves the order.
  createEffect(() => {
    if (!onCatalog()) return;
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
    if (onCatalog()) setLines((current) => orderableLines(current, menu.items));
  }

  function change(update: (current: CartLine[]) => CartLine[]) {
    if (!dispatch({ type: 'cart_changed' })) return;
    setLines(update);
  }

  return {
    catalog,
    setCatalog,
    lines,
    total: () => cartTotal(lines(), catalog()?.items ?? []),
    add: (id: string) => change((current) => addToCart(current, id)),
    remove: (id: string) => change((current) => removeFromCart(current, id)),
    clear: () => setLines([]),
    /** The checkout shows the session's own items, priced by the server. */
    replace: setLines,
    touch: () => touch(),
  };
}

export type Cart = ReturnType<typeof createCart>;
