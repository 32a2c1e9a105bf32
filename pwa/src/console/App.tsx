import { createEffect, Match, on, onMount, Switch } from 'solid-js';
import { Layout } from './components/Layout.tsx';
import { FleetPage } from './pages/Fleet.tsx';
import { ItemPage } from './pages/Item.tsx';
import { KioskPage } from './pages/Kiosk.tsx';
import { KiosksPage } from './pages/Kiosks.tsx';
import { MenuPage } from './pages/Menu.tsx';
import { NewKioskPage } from './pages/NewKiosk.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';
import { SalesPage } from './pages/Sales.tsx';
import { SessionPage } from './pages/Session.tsx';
import { SessionsPage } from './pages/Sessions.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { Unreachable } from './pages/Unreachable.tsx';
import type { Route } from './routes.ts';
import { useConsole } from './store/console-store.ts';
import { useTexts } from './text.ts';

/** The route when it is the page named, for pages that take a parameter. */
const routeIs = <P extends Route['page']>(route: Route, page: P) => (route.page === page ? (route as Extract<Route, { page: P }>) : false);

function Pages() {
  const store = useConsole();
  const route = () => store.router.route();
  // A new page moves the keyboard focus to its title, as a page load would reset it.
  createEffect(
    on(
      () => store.router.path(),
      () => requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus()),
      { defer: true },
    ),
  );
  return (
    <Layout>
      <Switch fallback={<NotFoundPage />}>
        <Match when={route().page === 'fleet'}>
          <FleetPage />
        </Match>
        <Match when={route().page === 'sessions'}>
          <SessionsPage />
        </Match>
        <Match when={routeIs(route(), 'session')} keyed>
          {(r) => <SessionPage sessionId={r.sessionId} />}
        </Match>
        <Match when={route().page === 'menu'}>
          <MenuPage />
        </Match>
        <Match when={routeIs(route(), 'item')} keyed>
          {(r) => <ItemPage itemId={r.itemId} />}
        </Match>
        <Match when={route().page === 'kiosks'}>
          <KiosksPage />
        </Match>
        <Match when={route().page === 'new-kiosk'}>
          <NewKioskPage />
        </Match>
        <Match when={routeIs(route(), 'kiosk')} keyed>
          {(r) => <KioskPage kioskId={r.kioskId} />}
        </Match>
        <Match when={route().page === 'sales'}>
          <SalesPage />
        </Match>
      </Switch>
    </Layout>
  );
}

export function App() {
  const store = useConsole();
  const { t } = useTexts();
  createEffect(() => {
    document.documentElement.lang = store.language();
  });
  onMount(() => void store.auth.check());
  return (
    <Switch>
      <Match when={store.auth.unreachable()}>
        <Unreachable />
      </Match>
      <Match when={store.auth.identity() === undefined}>
        <p class="loading">{t('app.loading')}</p>
      </Match>
      <Match when={store.auth.identity() === null}>
        <SignInPage />
      </Match>
      <Match when={store.auth.identity()}>
        <Pages />
      </Match>
    </Switch>
  );
}
