import { createMemo, createUniqueId, Show, type JSX } from 'solid-js';

/**
 * A labelled control: the label names it by `for`, never by wrapping it (a wrapped control's value would become part
 * of its own name), and a hint describes it.
 */
export function Field(props: { label: string; hint?: string; children: (id: string, hintId: string | undefined) => JSX.Element }) {
  const id = createUniqueId();
  // A memo, so the control is made again only when a hint comes or goes, not each time the hint's text is worked out
  // again (a page reading its data anew): a new control would take the focus and the typing from the operator.
  const hintId = createMemo(() => (props.hint ? `${id}-hint` : undefined));
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(id, hintId())}
      <Show when={props.hint}>
        <p id={hintId()} class="hint">
          {props.hint}
        </p>
      </Show>
    </div>
  );
}
