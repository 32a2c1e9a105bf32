import { For, Show, type JSX } from 'solid-js';
import type { MessageKey } from '../i18n.ts';
import { paths, type Route } from '../routes.ts';
import { useConsole } from '../store/console-store.ts';
import { useTexts } from '../text.ts';
import { LanguageToggle } from './LanguageToggle.tsx';

const SECTIONS: { label: MessageKey; href: string; pages: Route['page'][] }[] = [
  { label: 'nav.fleet', href: paths.fleet(), pages: ['fleet'] },
  { label: 'nav.sessions', href: paths.sessions(), pages: ['sessions', 'session'] },
  { label: 'nav.menu', href: paths.menu(), pages: ['menu', 'item'] },
  { label: 'nav.kiosks', href: paths.kiosks(), pages: ['kiosks', 'kiosk', 'new-kiosk'] },
  { label: 'nav.sales', href: paths.sales(), pages: ['sales'] },
];

/** The frame of every page once signed in: a skip link, the sections, the language and who is signed in. */
export function Layout(props: { children: JSX.Element }) {
  const store = useConsole();
  const { t } = useTexts();
  const identity = () => store.auth.identity();
  return (
    <>
      <a class="skip-link" href="#content">
        {t('nav.skip')}
      </a>
      <header class="console-header">
        <a class="brand" href={paths.fleet()}>
          {t('app.name')}
        </a>
        <nav aria-label={t('nav.label')}>
          <ul>
            <For each={SECTIONS}>
              {(section) => (
                <li>
                  <a href={section.href} aria-current={section.pages.includes(store.router.route().page) ? 'page' : undefined}>
                    {t(section.label)}
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <div class="account">
          <LanguageToggle />
          <Show
            when={identity()?.via === 'access'}
            fallback={
              <button type="button" onClick={() => void store.auth.signOut()}>
                {t('signOut')}
              </button>
            }
          >
            {/* Access owns the sign-in: its own logout ends it. */}
            <span class="who">{identity()?.email}</span>
            <a href="/cdn-cgi/access/logout">{t('signOut')}</a>
          </Show>
        </div>
      </header>
      <main id="content" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}
