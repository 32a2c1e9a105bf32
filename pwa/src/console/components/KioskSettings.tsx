import { createSignal, For } from 'solid-js';
import { READER_MODES, type KioskView } from '../../../../shared/api.ts';
import type { KioskSettings as Settings } from '../api.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';

/** What an operator may change on a kiosk: its name, language, how it drives its reader, tipping, its timeout. */
export function KioskSettings(props: { kiosk: KioskView; configure: (settings: Settings) => Promise<void> }) {
  const { t } = useTexts();
  const action = useAction();
  const [settings, setSettings] = createSignal<Required<Pick<Settings, 'name' | 'language' | 'readerMode' | 'tipping' | 'sessionTimeoutSeconds'>>>({
    name: props.kiosk.name,
    language: props.kiosk.language,
    readerMode: props.kiosk.readerMode,
    tipping: props.kiosk.tipping,
    sessionTimeoutSeconds: props.kiosk.sessionTimeoutSeconds,
  });
  const edit = (change: Settings) => setSettings({ ...settings(), ...change });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
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
        <Field label={t('kiosk.language')}>
          {(id) => (
            <select id={id} value={settings().language} onChange={(e) => edit({ language: e.currentTarget.value as KioskView['language'] })}>
              <option value="en">English</option>
              <option value="ko" lang="ko">
                한국어
              </option>
            </select>
          )}
        </Field>
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
