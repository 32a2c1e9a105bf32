import { For, Show } from 'solid-js';
import { useKiosk } from '../store/kiosk-store.ts';
import { useTexts } from '../text.ts';

export function Catalog() {
  const { cart, checkout } = useKiosk();
  const { t, money, itemName } = useTexts();
  const items = () => cart.catalog()?.items ?? [];
  const quantityOf = (id: string) => cart.lines().find((line) => line.id === id)?.quantity ?? 0;
  const lines = () =>
    cart.lines().flatMap((line) => {
      const item = items().find((candidate) => candidate.id === line.id);
      return item ? [{ item, quantity: line.quantity }] : [];
    });

  return (
    <div class="catalog">
      <section class="menu" aria-labelledby="menu-heading">
        <h2 id="menu-heading">{t('catalog.heading')}</h2>
        <Show when={items().length > 0} fallback={<p class="explain">{t('catalog.empty')}</p>}>
          <ul class="items">
            <For each={items()}>
              {(item) => (
                <li>
                  {/* Sold out: still on the menu, so customers know it exists, but it cannot be ordered. */}
                  <button type="button" class="item" disabled={!item.available} onClick={() => cart.add(item.id)}>
                    <Show when={item.photoUrl}>{(url) => <img class="item-photo" src={url()} alt="" decoding="async" />}</Show>
                    <span class="item-name">{itemName(item)}</span>
                    <span class="item-price">{money(item.price)}</span>
                    <Show when={!item.available}>
                      <span class="item-sold-out">{t('catalog.soldOut')}</span>
                    </Show>
                    <Show when={quantityOf(item.id) > 0}>
                      <span class="item-count">×{quantityOf(item.id)}</span>
                    </Show>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>

      <section class="cart" aria-labelledby="cart-heading">
        <h2 id="cart-heading">{t('cart.heading')}</h2>
        <Show when={lines().length > 0} fallback={<p class="explain">{t('cart.empty')}</p>}>
          <ul class="cart-lines">
            <For each={lines()}>
              {(line) => (
                <li class="cart-line">
                  <span class="line-name">{itemName(line.item)}</span>
                  <span class="line-quantity">×{line.quantity}</span>
                  <span class="line-amount">{money(line.item.price * line.quantity)}</span>
                  {/* Labelled without the item name so the menu button stays the only control named after it. */}
                  <button type="button" class="remove" aria-label={t('cart.removeOne')} onClick={() => cart.remove(line.item.id)}>
                    −
                  </button>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="secondary" onClick={() => cart.clear()}>
            {t('cart.clear')}
          </button>
        </Show>
        <p class="total">
          <span>{t('cart.total')}</span> <strong>{money(cart.total())}</strong>
        </p>
        <button type="button" class="primary pay" disabled={cart.lines().length === 0} onClick={() => void checkout.pay()}>
          {t('cart.pay', { amount: money(cart.total()) })}
        </button>
      </section>
    </div>
  );
}
