import { Show } from 'solid-js';
import type { CatalogEntry } from '../../../../shared/api.ts';
import type { MenuItemModel } from '../store/menu-item.ts';
import { useTexts } from '../text.ts';
import { useAction } from './action.ts';
import { Feedback } from './Feedback.tsx';
import { Field } from './Field.tsx';

/** The item's photo: shown, replaced by an upload, or removed. */
export function ItemPhoto(props: { item: CatalogEntry; model: MenuItemModel }) {
  const { t } = useTexts();
  const action = useAction();
  const upload = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    void action.run(async () => {
      await props.model.uploadPhoto(file);
      input.value = '';
      return t('photo.uploaded');
    });
  };
  return (
    <section aria-labelledby="photo-heading">
      <h2 id="photo-heading">{t('photo.title')}</h2>
      <Show when={props.item.photoUrl} fallback={<p>{t('photo.none')}</p>}>
        {(src) => <img class="item-photo" src={src()} alt={t('photo.alt', { name: props.item.name.en })} />}
      </Show>
      <Field label={t('photo.upload')} hint={t('photo.help')}>
        {(id, hint) => (
          <input id={id} type="file" accept="image/jpeg,image/png,image/webp" disabled={action.busy()} onChange={(e) => upload(e.currentTarget)} aria-describedby={hint} />
        )}
      </Field>
      <Show when={props.item.photoUrl}>
        <button type="button" disabled={action.busy()} onClick={() => void action.run(async () => (await props.model.removePhoto(), t('photo.removed')))}>
          {t('photo.remove')}
        </button>
      </Show>
      <Feedback outcome={action.outcome()} />
    </section>
  );
}
