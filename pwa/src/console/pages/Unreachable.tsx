import { PageTitle } from '../components/PageTitle.tsx';
import { useConsole } from '../store/console-store.ts';
import { useTexts } from '../text.ts';

/** The worker could not be reached at start: nothing to show but the way to try again. */
export function Unreachable() {
  const store = useConsole();
  const { t } = useTexts();
  return (
    <main id="content" class="sign-in">
      <PageTitle title={t('unreachable.title')} />
      <p>{t('unreachable.body')}</p>
      <button type="button" class="primary" onClick={() => void store.auth.check()}>
        {t('unreachable.retry')}
      </button>
    </main>
  );
}
