import { createMemo, createSignal } from 'solid-js';
import { BASE, routeOf } from '../routes.ts';

/**
 * The address bar as a signal. Links stay plain `<a href>` (keyboard, middle click and screen readers work as on any
 * page); a click on one of the console's own links changes the page without a reload.
 */
export function createRouter() {
  const [url, setUrl] = createSignal(new URL(location.href));

  function navigate(to: string, options: { replace?: boolean } = {}) {
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setUrl(new URL(location.href));
  }

  window.addEventListener('popstate', () => setUrl(new URL(location.href)));
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return;
    const to = new URL(link.href);
    if (to.origin !== location.origin || !(to.pathname === BASE || to.pathname.startsWith(`${BASE}/`))) return;
    // A link within the page (the skip link) is the browser's to follow.
    if (to.hash && to.pathname === location.pathname && to.search === location.search) return;
    event.preventDefault();
    navigate(to.pathname + to.search);
  });

  // Only a new page is a change of page: a jump within it (the skip link) is not.
  const path = createMemo(() => url().pathname);
  const route = createMemo(() => routeOf(path()));

  return {
    route,
    path,
    search: () => url().searchParams,
    navigate,
  };
}

export type Router = ReturnType<typeof createRouter>;
