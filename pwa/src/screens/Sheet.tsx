import { onCleanup, onMount, type JSX } from 'solid-js';

/**
 * A modal dialog (the browser's own `<dialog>`: the rest of the screen is inert and focus stays inside). It opens as it
 * mounts; Escape asks `onDismiss`. `alert`: a question the kiosk asks by itself ("Are you still there?").
 */
export function Sheet(props: { labelledBy: string; describedBy?: string; alert?: boolean; onDismiss(): void; children: JSX.Element }) {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());
  onCleanup(() => dialog?.close());
  return (
    <dialog
      ref={dialog}
      class="sheet"
      role={props.alert ? 'alertdialog' : 'dialog'}
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      onCancel={(event) => {
        event.preventDefault();
        props.onDismiss();
      }}
    >
      {props.children}
    </dialog>
  );
}
