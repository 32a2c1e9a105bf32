import { PageTitle } from '../components/PageTitle.tsx';
import { paths } from '../routes.ts';
import { useTexts } from '../text.ts';

export function NotFoundPage() {
  const { t } = useTexts();
  return (
    <>
      <PageTitle title={t('notFound.title')} />
      <p>
        <a href={paths.fleet()}>{t('notFound.back')}</a>
      </p>
    </>
  );
}
