import { For, Show } from 'solid-js';
import type { FleetKiosk } from '../../../../shared/api.ts';
import { paths } from '../routes.ts';
import { useTexts } from '../text.ts';

/** One kiosk of the live fleet: online, its reader, what it is doing, today's takings, and what needs a person. */
export function KioskTile(props: { kiosk: FleetKiosk }) {
  const { t, money, clock, status, list } = useTexts();
  const kiosk = () => props.kiosk;
  const headingId = () => `kiosk-${kiosk().kioskId}`;
  const connection = () => (kiosk().disabled ? t('fleet.disabled') : kiosk().online ? t('fleet.online') : t('fleet.offline'));
  const reader = () =>
    kiosk().readerStatus === 'online' ? t('fleet.readerOnline') : kiosk().readerStatus === 'offline' ? t('fleet.readerOffline') : t('fleet.noReader');
  return (
    <article class="kiosk-tile" classList={{ flagged: kiosk().flags.length > 0 }} aria-labelledby={headingId()} data-kiosk={kiosk().kioskId}>
      <h3 id={headingId()}>
        <a href={paths.kiosk(kiosk().kioskId)}>{kiosk().name}</a>
      </h3>
      <dl>
        <div>
          <dt>{t('fleet.connection')}</dt>
          <dd>
            <span class="badge" classList={{ good: kiosk().online, bad: !kiosk().online && !kiosk().disabled }}>
              {connection()}
            </span>
            {/* Online says it all; the store hears the last sign of life when a kiosk goes quiet. */}
            <Show when={!kiosk().online && kiosk().lastSeenAt}>{(seen) => <span class="hint"> {t('fleet.seenAt', { time: clock(seen()) })}</span>}</Show>
          </dd>
        </div>
        <div>
          <dt>{t('fleet.reader')}</dt>
          <dd>{reader()}</dd>
        </div>
        <div>
          <dt>{t('fleet.session')}</dt>
          <dd>
            <Show when={kiosk().session} fallback={t('fleet.noSession')}>
              {(session) => (
                <a href={paths.session(session().sessionId)} class="session-link">
                  <span class={`status status-${session().status}`}>{status(session().status)}</span> · {money(session().amount, session().currency)}
                </a>
              )}
            </Show>
          </dd>
        </div>
        <div>
          <dt>{t('fleet.takings')}</dt>
          <dd>
            <Show when={kiosk().takingsToday.length > 0} fallback={t('fleet.noTakings')}>
              {list(kiosk().takingsToday.map((taking) => money(taking.amount, taking.currency)))}
            </Show>
          </dd>
        </div>
      </dl>
      <Show when={kiosk().flags.length > 0}>
        <ul class="flags" aria-label={t('fleet.flags')}>
          <For each={kiosk().flags}>{(flag) => <li>{t(`flag.${flag}`)}</li>}</For>
        </ul>
      </Show>
    </article>
  );
}
