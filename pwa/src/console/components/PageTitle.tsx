import { createEffect, type JSX } from 'solid-js';
import { useTexts } from '../text.ts';

/** The page's one h1, which also names the browser tab. The router moves the keyboard focus to it on navigation. */
export function PageTitle(props: { title: string; children?: JSX.Element }) {
  const { t } = useTexts();
  createEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  });
  return (
    <div class="page-title">
      <h1 tabindex="-1">{props.title}</h1>
      {props.children}
    </div>
  );
}
