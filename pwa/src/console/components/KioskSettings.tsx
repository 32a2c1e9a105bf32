import { createSignal, createUniqueId, For } from 'solid-js';
import { READER_MODES, type KioskView, type Language } from '../../../../shared/api.ts';
import { ianaTimeZone } from '../../../../shared/store-day.ts';
import type { KioskSettings as Settings } from '../api.ts';
import { KIOSK_LANGUAGE_NAMES, KIOSK_LANGUAGES, TIME_ZONES } from '../languages.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';

type Editable = 'name' | 'language' | 'languages' | 'timeZone' | 'askServiceMode' | 'readerMode' | 'tipping' | 'sessionTimeoutSeconds';

/**
 * What an operator may change on a kiosk: its name, the languages it offers and the one each customer starts in, its
 * store's time zone, whether it asks dine-in or take-away, how it drives its reader, tipping, its timeout.
 */
export function KioskSettings(props: { kiosk: KioskView; configure: (settings: Settings) => Promise<void> }) {
  const { t } = useTexts();
  const action = useAction();
  const zones = createUniqueId();
  const [settings, setSettings] = createSignal<Required<Pick<Settings, Editable>>>({
    name: props.kiosk.name,
    language: props.kiosk.language,
    languages: props.kiosk.languages,
    timeZone: props.kiosk.timeZone,
    askServiceMode: props.kiosk.askServiceMode,
    readerMode: props.kiosk.readerMode,
    tipping: props.kiosk.tipping,
    sessionTimeoutSeconds: props.kiosk.sessionTimeoutSeconds,
  });
  const edit = (change: Settings) => setSettings({ ...settings(), ...change });
  /** Offered in the order the console lists them; the default moves to the first offered when it is no longer one. */
  const offer = (language: Language, offered: boolean) => {
    const languages = KIOSK_LANGUAGES.filter((l) => (l === language ? offered : settings().languages.includes(l)));
    edit({ languages, language: languages.includes(settings().language) ? settings().language : languages[0]! });
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const zone = settings().timeZone;
    if (ianaTimeZone(zone) === null) return action.refuse(t('kiosk.timeZoneInvalid', { zone }));
    void action.run(async () => (await props.configure(settings()), t('kiosk.saved')));
  };
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('kiosk.settings')}</h2>
      <form class="stack" onSubmit={submit}>
        <Field label={t('kiosk.name')}>
          {(id) => (
            <input id={id} value={settings().name} maxLength={100} required onInput={(e) => edit({ name: e.currentTarget.value })} />
          )}
        </Field>
        <fieldset>
          <legend>{t('kiosk.languages')}</legend>
          <For each={KIOSK_LANGUAGES}>
            {(language) => (
              <label class="check" lang={language}>
                <input
                  type="checkbox"
                  checked={settings().languages.includes(language)}
                  // A kiosk offers at least one language.
                  disabled={settings().languages.length === 1 && settings().languages[0] === language}
                  onChange={(e) => offer(language, e.currentTarget.checked)}
                />
                {KIOSK_LANGUAGE_NAMES[language]}
              </label>
            )}
          </For>
        </fieldset>
        <Field label={t('kiosk.defaultLanguage')}>
          {(id) => (
            <select id={id} value={settings().language} onChange={(e) => edit({ language: e.currentTarget.value as Language })}>
              <For each={settings().languages}>
                {(language) => (
                  <option value={language} lang={language} selected={language === settings().language}>
                    {KIOSK_LANGUAGE_NAMES[language]}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Field label={t('kiosk.timeZone')} hint={t('kiosk.timeZoneHelp')}>
          {(id, hint) => (
            <>
              <input
                id={id}
                list={zones}
                autocomplete="off"
                maxLength={64}
                required
                aria-describedby={hint}
                value={settings().timeZone}
                onInput={(e) => edit({ timeZone: e.currentTarget.value.trim() })}
              />
              <datalist id={zones}>
                <For each={TIME_ZONES}>{(zone) => <option value={zone} />}</For>
              </datalist>
            </>
          )}
        </Field>
        <label class="check">
          <input type="checkbox" checked={settings().askServiceMode} onChange={(e) => edit({ askServiceMode: e.currentTarget.checked })} />
          {t('kiosk.askServiceMode')}
        </label>
        <Field label={t('kiosk.readerMode')}>
          {(id) => (
            <select id={id} value={settings().readerMode} onChange={(e) => edit({ readerMode: e.currentTarget.value as KioskView['readerMode'] })}>
              <For each={READER_MODES}>{(mode) => <option value={mode}>{t(`readerMode.${mode}`)}</option>}</For>
            </select>
          )}
        </Field>
        <Field label={t('kiosk.timeout')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min="1"
              max="3600"
              required
              value={settings().sessionTimeoutSeconds}
              onInput={(e) => edit({ sessionTimeoutSeconds: e.currentTarget.valueAsNumber })}
            />
          )}
        </Field>
        <label class="check">
          <input type="checkbox" checked={settings().tipping} onChange={(e) => edit({ tipping: e.currentTarget.checked })} />
          {t('kiosk.tipping')}
        </label>
        <button type="submit" class="primary" disabled={action.busy()}>
          {t('kiosk.save')}
        </button>
        <Feedback outcome={action.outcome()} />
      </form>
    </section>
  );
}
