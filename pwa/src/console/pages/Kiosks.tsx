import { For, Show } from 'solid-js';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { KIOSK_LANGUAGE_NAMES } from '../languages.ts';
import { paths } from '../routes.ts';
import { createDirectory } from '../store/directory.ts';
import { useTexts } from '../text.ts';

/** The fleet's kiosks, by store. */
export function KiosksPage() {
  const { t } = useTexts();
  const directory = createDirectory();
  return (
    <>
      <PageTitle title={t('kiosks.title')}>
        <a class="button primary" href={paths.newKiosk()}>
          {t('kiosks.provision')}
        </a>
      </PageTitle>
      <Loaded of={directory.kiosks}>
        {(kiosks) => (
          <Show when={kiosks().length > 0} fallback={<p>{t('kiosks.none')}</p>}>
            <div class="table-scroll">
              <table>
                <caption class="visually-hidden">{t('kiosks.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('kiosks.name')}</th>
                    <th scope="col">{t('kiosks.store')}</th>
                    <th scope="col">{t('kiosks.currency')}</th>
                    <th scope="col">{t('kiosks.language')}</th>
                    <th scope="col">{t('kiosks.reader')}</th>
                    <th scope="col">{t('kiosks.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={[...kiosks()].sort((a, b) => a.name.localeCompare(b.name))}>
                    {(kiosk) => (
                      <tr>
                        <td>
                          <a href={paths.kiosk(kiosk.id)}>{kiosk.name}</a>
                        </td>
                        <td>{directory.storeName(kiosk.locationId)}</td>
                        <td>{kiosk.currency.toUpperCase()}</td>
                        <td lang={kiosk.language}>{KIOSK_LANGUAGE_NAMES[kiosk.language]}</td>
                        <td>{kiosk.readerId ? <code>{kiosk.readerId}</code> : t('kiosks.noReader')}</td>
                        <td>
                          <span class="badge" classList={{ good: !kiosk.disabled, bad: kiosk.disabled }}>
                            {kiosk.disabled ? t('access.disabled') : t('access.enabled')}
                          </span>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Loaded>
    </>
  );
}
