import { For, Show } from 'solid-js';
import { SESSION_STATUSES } from '../../../../shared/session-status.ts';
import { useAction } from '../components/action.ts';
import { Feedback } from '../components/Feedback.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { paths } from '../routes.ts';
import { useConsole } from '../store/console-store.ts';
import { createDirectory } from '../store/directory.ts';
import { valueOf } from '../store/resource-value.ts';
import { createSessionList, isReference, searchOf, sessionQueryOf, type SessionQuery } from '../store/session-list.ts';
import { useTexts } from '../text.ts';
import { Field } from '../components/Field.tsx';

/** The fleet's sessions from the ledger, filtered by store, kiosk, status and day, or found by a staff reference. */
export function SessionsPage() {
  const store = useConsole();
  const { t, money, when, status } = useTexts();
  const directory = createDirectory();
  const query = () => sessionQueryOf(store.router.search());
  const { list, more, retry, answers } = createSessionList(query);
  const loadMore = useAction();

  const filter = (change: Partial<SessionQuery>) => {
    const next = { ...query(), ...change };
    // A kiosk stands in one store: choosing another store forgets it.
    if (change.store !== undefined && change.store !== query().store) next.kiosk = '';
    store.router.navigate(paths.sessions(searchOf(next)), { replace: true });
  };
  const kiosksShown = () => (valueOf(directory.kiosks) ?? []).filter((k) => !query().store || k.locationId === query().store);

  return (
    <>
      <PageTitle title={t('sessions.title')} />
      <form class="filters" role="search" aria-label={t('sessions.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('filter.store')}>
          {(id) => (
            <select id={id} value={query().store} onChange={(e) => filter({ store: e.currentTarget.value })}>
              <option value="">{t('filter.allStores')}</option>
              <For each={valueOf(directory.stores) ?? []}>{(s) => <option value={s.locationId} selected={s.locationId === query().store}>{s.name}</option>}</For>
            </select>
          )}
        </Field>
        <Field label={t('filter.kiosk')}>
          {(id) => (
            <select id={id} value={query().kiosk} onChange={(e) => filter({ kiosk: e.currentTarget.value })}>
              <option value="">{t('filter.allKiosks')}</option>
              <For each={kiosksShown()}>{(k) => <option value={k.id} selected={k.id === query().kiosk}>{k.name}</option>}</For>
            </select>
          )}
        </Field>
        <Field label={t('filter.status')}>
          {(id) => (
            <select id={id} value={query().status} onChange={(e) => filter({ status: e.currentTarget.value as SessionQuery['status'] })}>
              <option value="">{t('filter.allStatuses')}</option>
              <For each={SESSION_STATUSES}>{(s) => <option value={s} selected={s === query().status}>{status(s)}</option>}</For>
            </select>
          )}
        </Field>
        <Field label={t('filter.date')}>
          {(id) => (
            <input id={id} type="date" value={query().date} onChange={(e) => filter({ date: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('filter.reference')} hint={t('filter.referenceHelp')}>
          {(id, hint) => (
            <input
              id={id}
              type="search"
              class="reference"
              autocomplete="off"
              spellcheck={false}
              maxLength={32}
              aria-describedby={hint}
              value={query().reference}
              // Searched once it is a whole reference (or cleared): a half-typed one would find nothing.
              onInput={(e) => {
                const typed = e.currentTarget.value.trim();
                if (typed === '' || isReference(typed)) filter({ reference: typed.toUpperCase() });
              }}
            />
          )}
        </Field>
      </form>
      <Loaded of={list} answers={answers} retry={retry}>
        {(loaded) => (
          <Show when={loaded().rows.length > 0} fallback={<p role="status">{t('sessions.none')}</p>}>
            <div class="table-scroll">
              <table>
                <caption class="visually-hidden">{t('sessions.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sessions.started')}</th>
                    <th scope="col">{t('sessions.kiosk')}</th>
                    <th scope="col">{t('sessions.store')}</th>
                    <th scope="col" class="number">
                      {t('sessions.amount')}
                    </th>
                    <th scope="col">{t('sessions.status')}</th>
                    <th scope="col" class="number">
                      {t('sessions.orderNumber')}
                    </th>
                    <th scope="col">{t('sessions.serviceMode')}</th>
                    <th scope="col" class="number">
                      {t('sessions.refunded')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={loaded().rows}>
                    {(row) => (
                      <tr>
                        <td>
                          <a href={paths.session(row.sessionId)}>{when(row.createdAt)}</a>
                        </td>
                        <td>{directory.kioskName(row.kioskId)}</td>
                        <td>{directory.storeName(row.locationId)}</td>
                        <td class="number">{money(row.amount + row.tip, row.currency)}</td>
                        <td>
                          <span class={`status status-${row.status}`}>{status(row.status)}</span>
                        </td>
                        <td class="number">{row.orderNumber ?? ''}</td>
                        <td>{row.serviceMode ? t(`serviceMode.${row.serviceMode}`) : ''}</td>
                        <td class="number">{row.refunded > 0 ? money(row.refunded, row.currency) : ''}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={loaded().next}>
              <button type="button" disabled={loadMore.busy()} onClick={() => void loadMore.run(async () => (await more(), ''))}>
                {t('sessions.more')}
              </button>
              <Feedback outcome={loadMore.outcome()} />
            </Show>
          </Show>
        )}
      </Loaded>
    </>
  );
}
