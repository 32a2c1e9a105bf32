import { otherLanguage } from '../i18n.ts';
import { useConsole } from '../store/console-store.ts';
import { useTexts } from '../text.ts';

/** Switches between English and Korean; it names the other language in that language. */
export function LanguageToggle() {
  const store = useConsole();
  const { t } = useTexts();
  return (
    <button type="button" class="language" lang={otherLanguage(store.language())} onClick={() => store.toggleLanguage()}>
      {t('language.toggle')}
    </button>
  );
}
