import { createMemo, Match, Show, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { useTexts } from '../text.ts';

/**
 * A resource's value once loaded, or what is happening instead. The last value loaded stays in view while it reloads,
 * and also when a reload fails (a page's periodic read, a read after an action): the operator keeps what is on screen,
 * their forms and the outcome of what they did, with a notice until a read works again. Only a first load that fails
 * puts the error in the page's place.
 */
export function Loaded<T>(props: { of: Resource<T>; children: (value: Accessor<NonNullable<T>>) => JSX.Element }) {
  const { t, problem } = useTexts();
  const shown = createMemo<T | undefined>((last) => (props.of.error ? last : (props.of.latest ?? last)));
  return (
    <Switch>
      <Match when={shown()}>
        {(loaded) => (
          <>
            <Show when={props.of.error}>
              <p class="notice" role="status">
                {t('app.refreshFailed')}
              </p>
            </Show>
            {props.children(loaded)}
          </>
        )}
      </Match>
      <Match when={props.of.error}>
        <p class="problem" role="alert">
          {problem(props.of.error)}
        </p>
      </Match>
      <Match when={props.of.loading}>
        <p class="loading">{t('app.loading')}</p>
      </Match>
    </Switch>
  );
}
