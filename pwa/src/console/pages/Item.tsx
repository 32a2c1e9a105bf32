import { createSignal, Show } from 'solid-js';
import { useAction } from '../components/action.ts';
import { Feedback } from '../components/Feedback.tsx';
import { ItemAvailability } from '../components/ItemAvailability.tsx';
import { ItemForm } from '../components/ItemForm.tsx';
import { ItemPhoto } from '../components/ItemPhoto.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { paths } from '../routes.ts';
import { useConsole } from '../store/console-store.ts';
import { createDirectory } from '../store/directory.ts';
import { valueOf } from '../store/resource-value.ts';
import { createMenuItem } from '../store/menu-item.ts';
import { useTexts } from '../text.ts';

/** A menu item to edit, or a new one (itemId null). */
export function ItemPage(props: { itemId: string | null }) {
  const store = useConsole();
  const { t } = useTexts();
  const model = createMenuItem(props.itemId);
  const directory = createDirectory();
  const title = () => (props.itemId === null ? t('item.newTitle') : (model.item()?.name.en ?? props.itemId));
  return (
    <>
      <PageTitle title={title()} />
      <p>
        <a href={paths.menu()}>{t('item.back')}</a>
      </p>
      <Loaded of={model.catalog}>
        {() => (
          <Show when={props.itemId === null || model.item()} fallback={<p role="alert">{t('item.notFound')}</p>}>
            {/* The form starts from the item and the account's currency once both are known. */}
            <Loaded of={model.account}>
              {() => (
                <ItemForm
                  item={model.item()}
                  currencies={model.currencies()}
                  categories={model.categories()}
                  itemIds={model.itemIds()}
                  save={model.save}
                  saved={(id) => props.itemId === null && store.router.navigate(paths.item(id), { replace: true })}
                />
              )}
            </Loaded>
            <Show when={model.item()}>
              {(item) => (
                <>
                  <ItemPhoto item={item()} model={model} />
                  <ItemAvailability item={item()} stores={valueOf(directory.stores) ?? []} model={model} />
                  <DeleteItem name={item().name.en} remove={() => model.remove(item().id)} />
                </>
              )}
            </Show>
          </Show>
        )}
      </Loaded>
    </>
  );
}

function DeleteItem(props: { name: string; remove: () => Promise<unknown> }) {
  const store = useConsole();
  const { t } = useTexts();
  const action = useAction();
  const [confirming, setConfirming] = createSignal(false);
  const remove = () =>
    void action.run(async () => {
      await props.remove();
      store.router.navigate(paths.menu());
      return '';
    });
  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('item.deleteTitle')}</h2>
      <Show
        when={confirming()}
        fallback={
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {t('item.delete')}
          </button>
        }
      >
        <p role="alert">{t('item.deleteConfirm', { name: props.name })}</p>
        <div class="buttons">
          <button type="button" class="danger" disabled={action.busy()} onClick={remove}>
            {t('item.deleteYes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('item.deleteNo')}
          </button>
        </div>
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
