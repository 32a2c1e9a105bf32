import { Match, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { useTexts } from '../text.ts';

/** A resource's value once loaded (kept while it reloads), or what is happening instead. */
export function Loaded<T>(props: { of: Resource<T>; children: (value: Accessor<NonNullable<T>>) => JSX.Element }) {
  const { t, problem } = useTexts();
  const value = () => (props.of.error ? undefined : props.of.latest);
  return (
    <Switch>
      <Match when={props.of.error}>
        <p class="problem" role="alert">
          {problem(props.of.error)}
        </p>
      </Match>
      <Match when={value()}>{(loaded) => props.children(loaded)}</Match>
      <Match when={props.of.loading}>
        <p class="loading">{t('app.loading')}</p>
      </Match>
    </Switch>
  );
}
