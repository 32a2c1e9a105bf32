import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import type { CatalogCategory, CatalogEntry } from '../../../../shared/api.ts';
import * as api from '../api.ts';
import { CategoryNames } from '../components/CategoryNames.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { paths } from '../routes.ts';
import { createDirectory } from '../store/directory.ts';
import { useTexts } from '../text.ts';

/** The items of each category, in the order the menu lists them. */
function byCategory(items: readonly CatalogEntry[]): [string, CatalogEntry[]][] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  return [...groups];
}

/** The fleet's menu: every item with its names, prices, photo and where it is sold out, by category (named per language). */
export function MenuPage() {
  const { t, money, named, list } = useTexts();
  const [menu] = createResource(api.menu);
  // Names saved (or forgotten: null) on this page, over those it loaded (the sections, and their open forms, stay).
  const [changed, setChanged] = createSignal<Record<string, CatalogCategory | null>>({});
  const namedCategory = (id: string) => (id in changed() ? (changed()[id] ?? undefined) : menu()?.categories.find((category) => category.id === id));
  const names = {
    saved: (category: CatalogCategory) => setChanged({ ...changed(), [category.id]: category }),
    forgotten: (id: string) => setChanged({ ...changed(), [id]: null }),
  };
  /** A category by its name in the operator's language, or its slug when it has no name. */
  const categoryTitle = (id: string) => {
    const category = namedCategory(id);
    return category ? named(category.name) : id;
  };
  /**
   * Named categories no item is in yet, which kiosks do not show: listed so operators can fill or forget them. One
   * forgotten on this page stays until the page is left, with what was done and a way to name it again.
   */
  const namedOnly = (items: readonly CatalogEntry[]) => {
    const withItems = new Set(items.map((item) => item.category));
    return [...new Set([...(menu()?.categories ?? []).map((category) => category.id), ...Object.keys(changed())])]
      .filter((id) => !withItems.has(id))
      .sort();
  };
  const directory = createDirectory();
  const availability = (item: CatalogEntry) => {
    if (!item.available) return t('menu.soldOutEverywhere');
    const names = item.soldOutAt.map(directory.storeName);
    return names.length > 0 ? t('menu.soldOutAt', { stores: list(names) }) : t('menu.available');
  };
  const section = (id: string, body: JSX.Element) => (
    <section aria-labelledby={`category-${id}`}>
      <h2 id={`category-${id}`}>
        {categoryTitle(id)}
        <Show when={namedCategory(id)}>
          {' '}
          <span class="hint">{id}</span>
        </Show>
      </h2>
      <CategoryNames id={id} named={namedCategory(id)} {...names} />
      {body}
    </section>
  );
  return (
    <>
      <PageTitle title={t('menu.title')}>
        <a class="button primary" href={paths.item(null)}>
          {t('menu.add')}
        </a>
      </PageTitle>
      <Loaded of={menu}>
        {(loaded) => (
          <>
            <Show when={loaded().items.length === 0}>
              <p>{t('menu.empty')}</p>
            </Show>
            <For each={byCategory(loaded().items)}>
              {([category, entries]) =>
                section(
                  category,
                  <ul class="menu-items">
                    <For each={entries}>
                      {(item) => (
                        <li class="menu-item" classList={{ 'sold-out': !item.available || item.soldOutAt.length > 0 }}>
                          <Show when={item.photoUrl} fallback={<span class="photo placeholder" aria-hidden="true" />}>
                            {(src) => <img class="photo" src={src()} alt="" loading="lazy" />}
                          </Show>
                          <div>
                            <h3>
                              <a href={paths.item(item.id)}>
                                <span lang="en">{item.name.en}</span>
                                <For each={(['ko', 'ja'] as const).filter((language) => item.name[language])}>
                                  {(language) => (
                                    <>
                                      {' · '}
                                      <span lang={language}>{item.name[language]}</span>
                                    </>
                                  )}
                                </For>
                              </a>
                            </h3>
                            <p class="prices">
                              {Object.entries(item.prices)
                                .map(([currency, amount]) => money(amount, currency))
                                .join(' · ')}
                            </p>
                            <Show when={item.optionGroups.length > 0}>
                              <p class="hint">{t('menu.options', { groups: list(item.optionGroups.map((group) => named(group.name))) })}</p>
                            </Show>
                            <p class="hint">{availability(item)}</p>
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>,
                )
              }
            </For>
            <For each={namedOnly(loaded().items)}>{(category) => section(category, <p class="hint">{t('menu.categoryEmpty')}</p>)}</For>
            <CategoryNames id={null} named={undefined} saved={names.saved} />
          </>
        )}
      </Loaded>
    </>
  );
}
