import { createSignal, Show } from 'solid-js';
import { useAction } from '../components/action.ts';
import { Feedback } from '../components/Feedback.tsx';
import { Field } from '../components/Field.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useConsole } from '../store/console-store.ts';
import { useTexts } from '../text.ts';

/** Sign-in with the admin token: the worker answers with an HttpOnly cookie, and the page forgets the token. */
export function SignInPage() {
  const store = useConsole();
  const { t } = useTexts();
  const action = useAction();
  const [token, setToken] = createSignal('');

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await store.auth.signIn(token());
      setToken('');
      return '';
    });
  };

  return (
    <main id="content" class="sign-in">
      <PageTitle title={t('signIn.title')} />
      <Show when={store.auth.ended()}>
        <p class="notice" role="status">
          {t('signIn.ended')}
        </p>
      </Show>
      <form onSubmit={submit} class="stack">
        <Field label={t('signIn.token')} hint={t('signIn.help')}>
          {(id, hint) => (
            <input
              id={id}
              type="password"
              autocomplete="current-password"
              required
              value={token()}
              onInput={(e) => setToken(e.currentTarget.value)}
              aria-describedby={hint}
            />
          )}
        </Field>
        <button type="submit" class="primary" disabled={action.busy()}>
          {t('signIn.submit')}
        </button>
        <Feedback outcome={action.outcome()} />
      </form>
    </main>
  );
}
