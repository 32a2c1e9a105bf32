import { createResource, For, Show } from 'solid-js';
import * as api from '../api.ts';
import { KioskTile } from '../components/KioskTile.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { paths } from '../routes.ts';
import { useConsole } from '../store/console-store.ts';
import { createLiveFleet } from '../store/live-fleet.ts';
import { Field } from '../components/Field.tsx';
import { useTexts } from '../text.ts';

/**
 * How many stores the page follows live at once (a socket each). A larger fleet is watched a store at a time: the
 * page lists its stores instead.
 */
const MAX_LIVE_STORES = 6;

/** Every store with its kiosks, live; or one store (`?store=`), as a large fleet is watched. */
export function FleetPage() {
  const store = useConsole();
  const { t } = useTexts();
  const [stores] = createResource(api.stores);
  const chosen = () => store.router.search().get('store') ?? '';
  const choose = (locationId: string) =>
    store.router.navigate(paths.fleet(locationId || undefined), { replace: true });
  const shown = (list: api.StoreSummary[]) => (chosen() ? list.filter((s) => s.locationId === chosen()) : list);
  return (
    <>
      <PageTitle title={t('fleet.title')} />
      <Loaded of={stores}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <p>
                {t('fleet.empty')} <a href={paths.newKiosk()}>{t('kiosks.provision')}</a>
              </p>
            }
          >
            <form class="filters" onSubmit={(e) => e.preventDefault()}>
              <Field label={t('filter.store')}>
                {(id) => (
                  <select id={id} onChange={(e) => choose(e.currentTarget.value)}>
                    <option value="">{t('filter.allStores')}</option>
                    <For each={list()}>
                      {(s) => (
                        <option value={s.locationId} selected={s.locationId === chosen()}>
                          {s.name}
                        </option>
                      )}
                    </For>
                  </select>
                )}
              </Field>
            </form>
            {/* A bookmarked store whose kiosks are gone, or a mistyped one: said, not a blank page. */}
            <Show when={chosen() && shown(list()).length === 0}>
              <p role="status">
                {t('fleet.noSuchStore')} <a href={paths.fleet()}>{t('fleet.everyStore')}</a>
              </p>
            </Show>
            <Show when={shown(list()).length <= MAX_LIVE_STORES} fallback={<StoreList stores={list()} />}>
              <For each={shown(list())}>{(s) => <StoreLive store={s} />}</For>
            </Show>
          </Show>
        )}
      </Loaded>
    </>
  );
}

function StoreList(props: { stores: api.StoreSummary[] }) {
  const { t } = useTexts();
  return (
    <>
      <p>{t('fleet.choose')}</p>
      <ul class="store-list">
        <For each={props.stores}>
          {(s) => (
            <li>
              <a href={paths.fleet(s.locationId)}>{s.name}</a> <span class="hint">{t('fleet.kioskCount', { count: s.kioskCount })}</span>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}

function StoreLive(props: { store: api.StoreSummary }) {
  const { t } = useTexts();
  const live = createLiveFleet(props.store.locationId);
  const flagged = () => live.view()?.kiosks.filter((k) => k.flags.length > 0).length ?? 0;
  const headingId = `store-${props.store.locationId}`;
  return (
    <section class="store" aria-labelledby={headingId}>
      <div class="store-heading">
        <h2 id={headingId}>{props.store.name}</h2>
        <span class="badge" classList={{ good: live.connected() }}>
          {live.connected() ? t('fleet.live') : t('fleet.reconnecting')}
        </span>
        <p class="attention" role="status">
          <Show when={flagged() > 0}>{t('fleet.attention', { count: flagged() })}</Show>
        </p>
      </div>
      <Show when={live.view()} fallback={<p class="loading">{t('app.loading')}</p>}>
        {(view) => (
          <Show when={view().kiosks.length > 0} fallback={<p>{t('fleet.quiet')}</p>}>
            <div class="tiles">
              {/* Each change brings the whole view: tiles are kept by kiosk, so what has the focus keeps it. */}
              <For each={view().kiosks.map((kiosk) => kiosk.kioskId)}>
                {(kioskId) => (
                  <Show when={view().kiosks.find((kiosk) => kiosk.kioskId === kioskId)}>{(kiosk) => <KioskTile kiosk={kiosk()} />}</Show>
                )}
              </For>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}
