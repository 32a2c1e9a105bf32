import { Show } from 'solid-js';

/** The outcome of the operator's last action: said politely when it worked, at once when it did not. */
export interface Outcome {
  ok: boolean;
  text: string;
}

export function Feedback(props: { outcome: Outcome | null }) {
  return (
    <>
      <p class="feedback ok" role="status">
        <Show when={props.outcome?.ok}>{props.outcome!.text}</Show>
      </p>
      <Show when={props.outcome && !props.outcome.ok}>
        <p class="feedback problem" role="alert">
          {props.outcome!.text}
        </p>
      </Show>
    </>
  );
}
