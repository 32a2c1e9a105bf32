import { createSignal, For, Show } from 'solid-js';
import { READER_MODES, type Language, type ReaderMode } from '../../../../shared/api.ts';
import type { ProvisionRequest, StoreAddress } from '../api.ts';
import * as api from '../api.ts';
import { useAction } from '../components/action.ts';
import { Feedback } from '../components/Feedback.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { paths } from '../routes.ts';
import { KIOSK_LANGUAGE_NAMES, KIOSK_LANGUAGES } from '../languages.ts';
import { useConsole } from '../store/console-store.ts';
import { createDirectory } from '../store/directory.ts';
import { valueOf } from '../store/resource-value.ts';
import { useTexts } from '../text.ts';
import { Field } from '../components/Field.tsx';

/** Choosing "a new store" instead of one of the fleet's. */
const NEW_STORE = 'new';

const EMPTY_ADDRESS: StoreAddress = { line1: '', city: '', state: '', postal_code: '', country: '' };

/** A new kiosk: at one of the fleet's stores, or at a new store (a new Terminal Location at its address). */
export function NewKioskPage() {
  const store = useConsole();
  const { t } = useTexts();
  const directory = createDirectory();
  const action = useAction();
  const [name, setName] = createSignal('');
  const [storeId, setStoreId] = createSignal(NEW_STORE);
  const [address, setAddress] = createSignal<StoreAddress>(EMPTY_ADDRESS);
  const [currency, setCurrency] = createSignal('');
  const [language, setLanguage] = createSignal<Language>(store.language());
  const [readerMode, setReaderMode] = createSignal<ReaderMode>('server-driven');
  const editAddress = (change: Partial<StoreAddress>) => setAddress({ ...address(), ...change });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const { state, ...required } = address();
    const request: ProvisionRequest = {
      name: name().trim(),
      language: language(),
      readerMode: readerMode(),
      ...(currency() ? { currency: currency() } : {}),
      ...(storeId() === NEW_STORE ? { address: { ...required, ...(state ? { state } : {}) } } : { locationId: storeId() }),
    };
    void action.run(async () => {
      const kiosk = await api.provisionKiosk(request);
      store.router.navigate(paths.kiosk(kiosk.id));
      return '';
    });
  };

  const addressField = (field: keyof StoreAddress, label: string, required = true) => (
    <Field label={label}>
      {(id) => (
        <input id={id} value={address()[field] ?? ''} required={required} onInput={(e) => editAddress({ [field]: e.currentTarget.value })} />
      )}
    </Field>
  );

  return (
    <>
      <PageTitle title={t('newKiosk.title')} />
      <form class="stack" onSubmit={submit}>
        <Field label={t('kiosk.name')}>
          {(id) => (
            <input id={id} value={name()} required maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
          )}
        </Field>
        <Field label={t('newKiosk.store')}>
          {(id) => (
            <select id={id} value={storeId()} onChange={(e) => setStoreId(e.currentTarget.value)}>
              <option value={NEW_STORE}>{t('newKiosk.newStore')}</option>
              <For each={valueOf(directory.stores) ?? []}>
                {(s) => (
                  <option value={s.locationId} selected={s.locationId === storeId()}>
                    {s.name}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Show when={storeId() === NEW_STORE}>
          <fieldset>
            <legend>{t('newKiosk.address')}</legend>
            {addressField('line1', t('address.line1'))}
            {addressField('city', t('address.city'))}
            {addressField('state', t('address.state'), false)}
            {addressField('postal_code', t('address.postalCode'))}
            <Field label={t('address.country')} hint={t('address.countryHelp')}>
              {(id, hint) => (
                <input
                  id={id}
                  value={address().country}
                  required
                  pattern="[A-Za-z]{2}"
                  maxLength={2}
                  aria-describedby={hint}
                  onInput={(e) => editAddress({ country: e.currentTarget.value.toUpperCase() })}
                />
              )}
            </Field>
          </fieldset>
        </Show>
        <Field label={t('newKiosk.currency')}>
          {(id) => (
            <select id={id} value={currency()} onChange={(e) => setCurrency(e.currentTarget.value)}>
              <option value="">{t('newKiosk.defaultCurrency')}</option>
              <For each={directory.currencies()}>{(c) => <option value={c}>{c.toUpperCase()}</option>}</For>
            </select>
          )}
        </Field>
        <Field label={t('kiosk.language')}>
          {(id) => (
            <select id={id} value={language()} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
              <For each={KIOSK_LANGUAGES}>
                {(each) => (
                  <option value={each} lang={each}>
                    {KIOSK_LANGUAGE_NAMES[each]}
                  </option>
                )}
              </For>
            </select>
          )}
        </Field>
        <Field label={t('kiosk.readerMode')}>
          {(id) => (
            <select id={id} value={readerMode()} onChange={(e) => setReaderMode(e.currentTarget.value as ReaderMode)}>
              <For each={READER_MODES}>{(mode) => <option value={mode}>{t(`readerMode.${mode}`)}</option>}</For>
            </select>
          )}
        </Field>
        <button type="submit" class="primary" disabled={action.busy()}>
          {t('newKiosk.submit')}
        </button>
        <Feedback outcome={action.outcome()} />
      </form>
    </>
  );
}
