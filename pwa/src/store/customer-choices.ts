/** What each customer may choose for themselves, reset for the next one: the language and the accessibility mode. */
import { createSignal } from 'solid-js';
import type { KioskConfigResponse } from '../../../shared/api.ts';
import { ENGLISH, LANGUAGES, loadLanguage, type Language, type LanguageFile } from '../i18n.ts';
import * as storage from '../storage.ts';
import type { CustomerChoice } from '../storage.ts';

const knownLanguage = (language: string | null | undefined): language is Language => LANGUAGES.includes(language as Language);

/** The customer's language and accessibility mode, kept with their checkout and given back by recovery. */
export interface CustomerWatch {
  current(): CustomerChoice;
  restore(choice: CustomerChoice): void;
}

/** `changed`: the customer changed a choice themselves (their checkout keeps it across a reload). */
export function createCustomerChoices(changed: (choice: CustomerChoice) => void) {
  const remembered = storage.kioskLanguage.load();
  const [kioskLanguage, setKioskLanguage] = createSignal<Language>(knownLanguage(remembered) ? remembered : 'en');
  // Before the kiosk is paired, whoever installs it may read the pairing screen in any language the app has; a paired
  // kiosk offers the languages of its last configuration until the next one arrives (none, offline).
  const rememberedOffer = storage.kioskLanguages.load();
  const lastOffered = storage.loadToken() && Array.isArray(rememberedOffer) ? rememberedOffer.filter(knownLanguage) : [];
  const [offered, setOffered] = createSignal<readonly Language[]>(lastOffered.length > 0 ? lastOffered : LANGUAGES);
  const [language, setLanguage] = createSignal<Language>('en');
  const [files, setFiles] = createSignal<Partial<Record<Language, LanguageFile>>>({ en: ENGLISH });
  const [accessible, setAccessible] = createSignal(false);

  async function load(wanted: Language): Promise<void> {
    if (files()[wanted]) return;
    const file = await loadLanguage(wanted);
    setFiles((loaded) => ({ ...loaded, [wanted]: file }));
  }

  /** The language asked for last: a slower load that was asked for earlier does not override it. */
  let latest: Language = 'en';
  /** Shows the kiosk in this language once its texts are loaded (English is always there). */
  async function show(wanted: Language): Promise<void> {
    latest = wanted;
    await load(wanted);
    if (latest === wanted) setLanguage(wanted);
  }
  const current = (): CustomerChoice => ({ language: latest, accessible: accessible() });

  function restore(choice: CustomerChoice) {
    if (knownLanguage(choice.language)) void show(choice.language);
    setAccessible(choice.accessible === true);
  }

  // Until the configuration arrives (a restart with no connection shows "No connection" meanwhile): the customer's own
  // choices while their checkout is in flight, else the kiosk's language as the tablet last learnt it.
  const inFlight = storage.loadCheckout()?.customer;
  if (inFlight) restore(inFlight);
  else if (kioskLanguage() !== 'en') void show(kioskLanguage());

  return {
    language,
    /** The texts of the current language. */
    texts: () => files()[language()] ?? ENGLISH,
    /** The languages this kiosk offers whose texts are loaded, for the language buttons (each named in itself). */
    languages: () => offered().flatMap((code) => (files()[code] ? [{ code, file: files()[code]! }] : [])),
    /** The customer's own choice of language. */
    async choose(wanted: Language): Promise<void> {
      await show(wanted);
      if (latest === wanted) changed(current());
    },
    /** Loads the offered languages' texts, for their buttons. */
    preload: () => offered().forEach((code) => void load(code)),
    accessible,
    toggleAccessible() {
      setAccessible((on) => !on);
      changed(current());
    },
    current,
    /** The choices a customer made before the tablet reloaded, given back with their checkout. */
    restore,
    /** The kiosk's configuration: its languages are loaded now, and the first start shows its own language. */
    configure(config: KioskConfigResponse, first: boolean) {
      setKioskLanguage(config.language);
      storage.kioskLanguage.save(config.language);
      storage.kioskLanguages.save(config.languages);
      setOffered(config.languages);
      if (first) void show(config.language);
    },
    reset() {
      void show(kioskLanguage());
      setAccessible(false);
    },
  };
}

export type CustomerChoices = ReturnType<typeof createCustomerChoices>;
