import { For, Show } from 'solid-js';
import type { PaymentFlow } from '../payment-flow.ts';
import { textsFor } from '../text.ts';

export function Catalog(props: { flow: PaymentFlow }) {
  const flow = props.flow;
  const { t, money } = textsFor(flow);
  const items = () => flow.catalog()?.items ?? [];
  const quantityOf = (id: string) => flow.cart().find((line) => line.id === id)?.quantity ?? 0;
  const lines = () =>
    flow.cart().flatMap((line) => {
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
                  <button type="button" class="item" onClick={() => flow.addItem(item.id)}>
                    <span class="item-name">{item.name}</span>
                    <span class="item-price">{money(item.price)}</span>
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
                  <span class="line-name">{line.item.name}</span>
                  <span class="line-quantity">×{line.quantity}</span>
                  <span class="line-amount">{money(line.item.price * line.quantity)}</span>
                  {/* Labelled without the item name so the menu button stays the only control named after it. */}
                  <button type="button" class="remove" aria-label={t('cart.removeOne')} onClick={() => flow.removeItem(line.item.id)}>
                    −
                  </button>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="secondary" onClick={() => flow.clearCart()}>
            {t('cart.clear')}
          </button>
        </Show>
        <p class="total">
          <span>{t('cart.total')}</span> <strong>{money(flow.total())}</strong>
        </p>
        <button type="button" class="primary pay" disabled={flow.cart().length === 0} onClick={() => void flow.pay()}>
          {t('cart.pay', { amount: money(flow.total()) })}
        </button>
      </section>
    </div>
  );
}
