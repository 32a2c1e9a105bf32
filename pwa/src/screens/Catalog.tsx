import { createMemo, createSignal, For, lazy, Show } from 'solid-js';
import type { CartLine, KioskCatalogItem } from '../../../shared/api.ts';
import { lineIsFull, lineKey } from '../flow-decisions.ts';
import { defaultChoice, unitPrice } from '../option-choices.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

// Opened by a tap, each a chunk of its own.
const OptionPicker = lazy(() => import('./OptionPicker.tsx').then((dialog) => ({ default: dialog.OptionPicker })));
const StartOverDialog = lazy(() => import('./StartOverDialog.tsx').then((dialog) => ({ default: dialog.StartOverDialog })));

const ALL = '';

/** The menu by category, and the customer's order: each line with its options, one more or one fewer, and Pay. */
export function Catalog() {
  const kiosk = useKiosk();
  const { cart } = kiosk;
  const { t, money, named, optionList, lineName } = useTexts();
  const [chosenCategory, setCategory] = createSignal(ALL);
  const [picking, setPicking] = createSignal<KioskCatalogItem | null>(null);
  const [confirmingStartOver, setConfirmingStartOver] = createSignal(false);

  const items = () => cart.catalog()?.items ?? [];
  const categories = createMemo(() => [...new Set(items().map((item) => item.category))]);
  // A category the menu no longer has (its last item was taken off while it was open) gives way to the whole menu.
  const category = () => (categories().includes(chosenCategory()) ? chosenCategory() : ALL);
  const shown = () => items().filter((item) => category() === ALL || item.category === category());
  // Categories are the menu's slugs: named as the operator named them, else as written ("gift-cards": "Gift cards").
  const categoryName = (slug: string) => {
    const category = cart.catalog()?.categories.find((named) => named.id === slug);
    return category ? named(category) : slug.charAt(0).toUpperCase() + slug.slice(1).replaceAll('-', ' ');
  };
  const quantityOf = (id: string) => cart.lines().reduce((sum, line) => sum + (line.id === id ? line.quantity : 0), 0);
  const lines = () =>
    cart.lines().flatMap((line) => {
      const item = items().find((candidate) => candidate.id === line.id);
      return item ? [{ line, item }] : [];
    });
  const optionNames = (item: KioskCatalogItem, line: CartLine) =>
    item.optionGroups
      .flatMap((group) => group.options)
      .filter((option) => line.options?.includes(option.id))
      .map(named);
  // Two lines of one item differ only by their options: their buttons' names say which line they change.
  const nameOf = (item: KioskCatalogItem, line: CartLine) => lineName(named(item), optionNames(item, line));

  function add(item: KioskCatalogItem, options?: string[]) {
    const line: CartLine = options && options.length > 0 ? { id: item.id, quantity: 1, options } : { id: item.id, quantity: 1 };
    // As many as one order may hold: a tap more adds nothing, and is not announced as added.
    if (lineIsFull(cart.lines(), line)) return;
    cart.add(line);
    kiosk.announce(t('cart.added', { item: named(item), total: money(cart.total()) }));
  }
  function remove(item: KioskCatalogItem, line: CartLine) {
    cart.remove(lineKey(line));
    kiosk.announce(t('cart.removed', { item: named(item), total: money(cart.total()) }));
  }
  const choose = (item: KioskCatalogItem) => (item.optionGroups.length > 0 ? setPicking(item) : add(item));

  function moveTab(event: KeyboardEvent) {
    const tabs = [ALL, ...categories()];
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(tabs.indexOf(category()) + step + tabs.length) % tabs.length]!;
    setCategory(next);
    document.getElementById(`tab-${next || 'all'}`)?.focus();
  }

  return (
    <div class="catalog">
      <section class="menu" aria-labelledby="menu-heading">
        <h2 id="menu-heading">{t('catalog.heading')}</h2>
        <Show when={categories().length > 1}>
          <div class="tabs" role="tablist" aria-label={t('catalog.categories')} onKeyDown={moveTab}>
            <For each={[ALL, ...categories()]}>
              {(slug) => (
                <button
                  type="button"
                  role="tab"
                  id={`tab-${slug || 'all'}`}
                  class="tab"
                  aria-selected={category() === slug}
                  aria-controls="menu-items"
                  tabindex={category() === slug ? 0 : -1}
                  onClick={() => setCategory(slug)}
                >
                  {slug === ALL ? t('catalog.all') : categoryName(slug)}
                </button>
              )}
            </For>
          </div>
        </Show>
        <Show when={items().length > 0} fallback={<p class="explain">{t('catalog.empty')}</p>}>
          <div id="menu-items" role={categories().length > 1 ? 'tabpanel' : undefined} aria-labelledby={categories().length > 1 ? `tab-${category() || 'all'}` : undefined}>
            <ul class="items">
              <For each={shown()}>
                {(item) => (
                  <li>
                    {/* Sold out: still on the menu, so customers know it exists, but it cannot be ordered. */}
                    <button
                      type="button"
                      class="item"
                      disabled={!item.available}
                      aria-haspopup={item.optionGroups.length > 0 ? 'dialog' : undefined}
                      onClick={() => choose(item)}
                    >
                      <Show when={item.photoUrl}>{(url) => <img class="item-photo" src={url()} alt="" decoding="async" />}</Show>
                      <span class="item-name">{named(item)}</span>
                      <span class="item-price">{money(unitPrice(item, defaultChoice(item)))}</span>
                      <Show when={!item.available}>
                        <span class="item-sold-out">{t('catalog.soldOut')}</span>
                      </Show>
                      <Show when={quantityOf(item.id) > 0}>
                        {/* "×2" to the eye; a screen reader would say "times 2": it hears the count in words. */}
                        <span class="item-count" role="img" aria-label={t('cart.inOrder', { count: quantityOf(item.id) })}>
                          ×{quantityOf(item.id)}
                        </span>
                      </Show>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
      </section>

      <section class="cart" aria-labelledby="cart-heading">
        <h2 id="cart-heading">{t('cart.heading')}</h2>
        <Show when={lines().length > 0} fallback={<p class="explain">{t('cart.empty')}</p>}>
          <ul class="cart-lines">
            {/* A row per line (its item and options): its buttons, and a keyboard's focus on one, stay as its quantity changes. */}
            <For each={lines().map(({ line }) => lineKey(line))}>
              {(key) => (
                <Show when={lines().find(({ line }) => lineKey(line) === key)}>
                  {(row) => (
                    <li class="cart-line">
                      <span class="line-name">
                        {named(row().item)}
                        <Show when={optionNames(row().item, row().line).length > 0}>
                          <span class="line-options">{optionList(optionNames(row().item, row().line))}</span>
                        </Show>
                      </span>
                      <span class="line-amount">{money(unitPrice(row().item, row().line.options ?? []) * row().line.quantity)}</span>
                      <span class="stepper">
                        <button type="button" class="step" aria-label={t('cart.removeOne', { item: nameOf(row().item, row().line) })} onClick={() => remove(row().item, row().line)}>
                          −
                        </button>
                        <span class="line-quantity">{row().line.quantity}</span>
                        <button
                          type="button"
                          class="step"
                          aria-label={t('cart.addOne', { item: nameOf(row().item, row().line) })}
                          disabled={lineIsFull(cart.lines(), row().line)}
                          onClick={() => add(row().item, row().line.options)}
                        >
                          +
                        </button>
                      </span>
                    </li>
                  )}
                </Show>
              )}
            </For>
          </ul>
        </Show>
        <div class="cart-actions">
          <p class="total">
            <span>{t('cart.total')}</span> <strong>{money(cart.total())}</strong>
          </p>
          <button type="button" class="secondary" onClick={() => (cart.lines().length > 0 ? setConfirmingStartOver(true) : kiosk.toStart())}>
            {t('cart.startOver')}
          </button>
          <button type="button" class="primary pay" disabled={cart.lines().length === 0} onClick={() => kiosk.pay()}>
            {t('cart.pay', { amount: money(cart.total()) })}
          </button>
        </div>
      </section>

      <Show when={picking()} keyed>
        {(item) => (
          <OptionPicker
            item={item}
            onBack={() => setPicking(null)}
            onAdd={(options) => {
              setPicking(null);
              add(item, options);
            }}
          />
        )}
      </Show>
      <Show when={confirmingStartOver()}>
        <StartOverDialog onKeep={() => setConfirmingStartOver(false)} />
      </Show>
    </div>
  );
}
