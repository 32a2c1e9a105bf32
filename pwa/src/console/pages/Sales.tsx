import { createSignal, For, Show } from 'solid-js';
import { DAILY_REPORT_MAX_DAYS } from '../../../../shared/api.ts';
import type { SalesQuery } from '../api.ts';
import { useAction } from '../components/action.ts';
import { Feedback } from '../components/Feedback.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SalesChart } from '../components/SalesChart.tsx';
import { daysFrom } from '../format.ts';
import { paths } from '../routes.ts';
import { useConsole } from '../store/console-store.ts';
import { createDirectory } from '../store/directory.ts';
import { valueOf } from '../store/resource-value.ts';
import { createSales, currenciesOf, netByDay, rangeProblem, salesQueryOf, salesSearchOf } from '../store/sales.ts';
import { useTexts } from '../text.ts';
import { Field } from '../components/Field.tsx';

/** Sales per day and store (each store's own days): a chart, the table, and the CSV. */
export function SalesPage() {
  const store = useConsole();
  const { t, money } = useTexts();
  const directory = createDirectory();
  const query = () => salesQueryOf(store.router.search());
  const sales = createSales(query);
  const download = useAction();
  const [chosenCurrency, setChosenCurrency] = createSignal('');
  const problem = () => {
    const why = rangeProblem(query());
    return why && t(`sales.${why}`, { days: DAILY_REPORT_MAX_DAYS });
  };
  const downloadCsv = () => {
    const why = problem();
    if (why) return download.refuse(why);
    void download.run(async () => t('sales.downloaded', { file: await sales.downloadCsv() }));
  };

  const change = (part: Partial<SalesQuery>) => {
    const next = { ...query(), ...part };
    store.router.navigate(`${paths.sales()}?${salesSearchOf(next)}`, { replace: true });
  };

  return (
    <>
      <PageTitle title={t('sales.title')} />
      <form class="filters" aria-label={t('sales.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('sales.from')}>
          {(id) => (
            <input id={id} type="date" value={query().from} max={query().to} required onChange={(e) => e.currentTarget.value && change({ from: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('sales.to')}>
          {(id) => (
            <input id={id} type="date" value={query().to} min={query().from} required onChange={(e) => e.currentTarget.value && change({ to: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('filter.store')}>
          {(id) => (
            <select id={id} value={query().location ?? ''} onChange={(e) => change({ location: e.currentTarget.value || undefined })}>
              <option value="">{t('filter.allStores')}</option>
              <For each={valueOf(directory.stores) ?? []}>
                {(s) => (
                  <option value={s.locationId} selected={s.locationId === query().location}>
                    {s.name}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <button type="button" disabled={download.busy()} onClick={downloadCsv}>
          {t('sales.csv')}
        </button>
      </form>
      <Feedback outcome={download.outcome()} />
      <p class="hint">{t('sales.days')}</p>
      <Show when={problem()}>
        {(why) => (
          <p class="problem" role="alert">
            {why()}
          </p>
        )}
      </Show>
      <Show when={!problem()}>
        <Loaded of={sales.report} answers={sales.answers} retry={sales.retry}>
          {(report) => {
            const currencies = () => currenciesOf(report().days);
            const currency = () => (currencies().includes(chosenCurrency()) ? chosenCurrency() : (currencies()[0] ?? ''));
            return (
              <Show when={report().days.length > 0} fallback={<p role="status">{t('sales.none')}</p>}>
                <Show when={currencies().length > 1}>
                  <Field label={t('sales.currency')}>
                    {(id) => (
                      <select id={id} value={currency()} onChange={(e) => setChosenCurrency(e.currentTarget.value)}>
                        <For each={currencies()}>{(c) => <option value={c}>{c.toUpperCase()}</option>}</For>
                      </select>
                    )}
                  </Field>
                </Show>
                <SalesChart days={daysFrom(report().from, report().to)} totals={netByDay(report().days, currency())} currency={currency()} />
                <div class="table-scroll">
                  <table>
                    <caption>{t('sales.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('sales.date')}</th>
                        <th scope="col">{t('sales.store')}</th>
                        <th scope="col" class="number">
                          {t('sales.count')}
                        </th>
                        <th scope="col" class="number">
                          {t('sales.gross')}
                        </th>
                        <th scope="col" class="number">
                          {t('sales.refunded')}
                        </th>
                        <th scope="col" class="number">
                          {t('sales.net')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={report().days}>
                        {(row) => (
                          <tr>
                            <td>{row.date}</td>
                            <td>{directory.storeName(row.locationId)}</td>
                            <td class="number">{row.count}</td>
                            <td class="number">{money(row.gross, row.currency)}</td>
                            <td class="number">{money(row.refunded, row.currency)}</td>
                            <td class="number">{money(row.net, row.currency)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            );
          }}
        </Loaded>
      </Show>
    </>
  );
}
