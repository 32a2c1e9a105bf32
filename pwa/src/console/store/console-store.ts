/**
 * The console's store, made of concerns as the kiosk's is: the address bar, the sign-in and the language. Pages load
 * their own data through the models beside this file; components get the store with `useConsole()`.
 */
import { createContext, createSignal, useContext } from 'solid-js';
import { isLanguage, languageFromBrowser, type Language } from '../i18n.ts';
import { createAuth } from './auth.ts';
import { createRouter } from './router.ts';

const LANGUAGE_KEY = 'console.language';

export function createConsoleStore() {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  const [language, setLanguage] = createSignal<Language>(isLanguage(saved) ? saved : languageFromBrowser(navigator.languages));
  return {
    router: createRouter(),
    auth: createAuth(),
    language,
    /** Remembered on this browser. */
    chooseLanguage(next: Language) {
      localStorage.setItem(LANGUAGE_KEY, next);
      setLanguage(next);
    },
  };
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;

const ConsoleContext = createContext<ConsoleStore>();
export const ConsoleProvider = ConsoleContext.Provider;

export function useConsole(): ConsoleStore {
  const store = useContext(ConsoleContext);
  if (!store) throw new Error('useConsole() needs a <ConsoleProvider>');
  return store;
}
