import { KioskAccess } from '../components/KioskAccess.tsx';
import { KioskSettings } from '../components/KioskSettings.tsx';
import { Loaded } from '../components/Loaded.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { PairingPanel } from '../components/PairingPanel.tsx';
import { ReaderPanel } from '../components/ReaderPanel.tsx';
import { paths } from '../routes.ts';
import { createDirectory } from '../store/directory.ts';
import { valueOf } from '../store/resource-value.ts';
import { createKioskDetail } from '../store/kiosk-detail.ts';
import { useTexts } from '../text.ts';

/** One kiosk: its settings, its tablet (pairing, token, disabled), its reader. */
export function KioskPage(props: { kioskId: string }) {
  const { t } = useTexts();
  const model = createKioskDetail(props.kioskId);
  const directory = createDirectory();
  return (
    <>
      <PageTitle title={valueOf(model.kiosk)?.name ?? t('kiosk.title')} />
      <Loaded of={model.kiosk}>
        {(kiosk) => (
          <>
            <p class="facts-line">
              <a href={paths.fleet(kiosk().locationId)}>{t('kiosk.store', { store: directory.storeName(kiosk().locationId) })}</a> ·{' '}
              {kiosk().currency.toUpperCase()} ·{' '}
              <a href={paths.sessions(new URLSearchParams({ kiosk: kiosk().id }))}>{t('kiosk.sessions')}</a>
            </p>
            <PairingPanel model={model} disabled={kiosk().disabled} tokenRotatedAt={kiosk().tokenRotatedAt} />
            <ReaderPanel kiosk={kiosk()} model={model} />
            {/* The form starts from the kiosk as first loaded, and keeps what the operator types. */}
            <KioskSettings kiosk={kiosk()} configure={model.configure} />
            <KioskAccess kiosk={kiosk()} model={model} />
          </>
        )}
      </Loaded>
    </>
  );
}
