import { createMemo, Match, Show, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { useTexts } from '../text.ts';

/**
 * A resource's value once loaded, or what is happening instead. The last value loaded stays in view while it reloads,
 * and also when a reload fails (a page's periodic read, a read after an action): the operator keeps what is on screen,
 * their forms and the outcome of what they did, with a notice until a read works again. A value that does not answer
 * what the page asks for now (`answers`: rows of the filters the operator just changed) is never shown: while the new
 * one loads the page says so, and a read that fails puts the error in the page's place, as a first load that fails does,
 * with a way to try again (`retry`).
 */
export function Loaded<T>(props: {
  of: Resource<T>;
  answers?: (value: NonNullable<T>) => boolean;
  retry?: () => void;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  const { t, problem } = useTexts();
  const shown = createMemo<T | undefined>((last) => {
    const value = props.of.error ? last : (props.of.latest ?? last);
    return value != null && props.answers?.(value) === false ? undefined : value;
  });
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
      <Match when={props.of.loading}>
        <p class="loading">{t('app.loading')}</p>
      </Match>
      <Match when={props.of.error}>
        <p class="problem" role="alert">
          {problem(props.of.error)}
        </p>
        <Show when={props.retry}>
          <button type="button" onClick={() => props.retry?.()}>
            {t('app.retry')}
          </button>
        </Show>
      </Match>
    </Switch>
  );
}
