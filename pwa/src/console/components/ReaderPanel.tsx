import { createSignal, For, Show } from 'solid-js';
import type { KioskView } from '../../../../shared/api.ts';
import type { KioskModel } from '../store/kiosk-detail.ts';
import { valueOf } from '../store/resource-value.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Loaded } from './Loaded.tsx';
import { Field } from './Field.tsx';

/** The kiosk's card reader: registered at its store's Location with the code the reader shows, or removed. */
export function ReaderPanel(props: { kiosk: KioskView; model: KioskModel }) {
  const { t } = useTexts();
  const action = useAction();
  const [code, setCode] = createSignal('');
  const [label, setLabel] = createSignal('');
  const [removing, setRemoving] = createSignal<string | null>(null);
  const remove = (readerId: string) => {
    setRemoving(null);
    void action.run(async () => (await props.model.removeReader(readerId), t('reader.removed', { id: readerId })));
  };
  const register = (event: SubmitEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const reader = await props.model.registerReader(code().trim(), label().trim() || undefined);
      setCode('');
      setLabel('');
      return t('reader.registered', { id: reader.id });
    });
  };
  const status = (value: 'online' | 'offline' | null) => (value === 'online' ? t('fleet.readerOnline') : value === 'offline' ? t('fleet.readerOffline') : t('reader.unknown'));
  return (
    <section aria-labelledby="reader-heading">
      <h2 id="reader-heading">{t('reader.title')}</h2>
      <Loaded of={props.model.readers}>
        {(readers) => (
          <Show when={readers().length > 0} fallback={<p>{t('reader.none')}</p>}>
            <ul class="readers">
              <For each={readers()}>
                {(reader) => (
                  <li>
                    <span>
                      {reader.label ?? reader.deviceType} <code>{reader.id}</code> · {status(reader.status)}
                    </span>
                    <Show
                      when={removing() === reader.id}
                      fallback={
                        <button type="button" disabled={action.busy()} onClick={() => setRemoving(reader.id)}>
                          {t('reader.remove', { name: reader.label ?? reader.id })}
                        </button>
                      }
                    >
                      <div class="confirm">
                        <p role="alert">{t('reader.removeConfirm')}</p>
                        <div class="buttons">
                          <button type="button" class="danger" disabled={action.busy()} onClick={() => remove(reader.id)}>
                            {t('reader.removeYes')}
                          </button>
                          <button type="button" onClick={() => setRemoving(null)}>
                            {t('access.keep')}
                          </button>
                        </div>
                      </div>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loaded>
      <Show when={!props.kiosk.readerId && (valueOf(props.model.readers)?.length ?? 0) === 0}>
        <form class="stack" onSubmit={register}>
          <Field label={t('reader.code')} hint={t('reader.codeHelp')}>
            {(id, hint) => <input id={id} value={code()} required autocomplete="off" onInput={(e) => setCode(e.currentTarget.value)} aria-describedby={hint} />}
          </Field>
          <Field label={t('reader.label')}>{(id) => <input id={id} value={label()} autocomplete="off" onInput={(e) => setLabel(e.currentTarget.value)} />}</Field>
          <button type="submit" class="primary" disabled={action.busy()}>
            {t('reader.register')}
          </button>
        </form>
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
