import { For } from 'solid-js';
import { useTexts } from '../text.ts';

const WIDTH = 640;
const HEIGHT = 200;
/** Room above the highest bar and below the lowest. */
const PADDING = 12;

/**
 * Net sales per day as bars, drawn by hand in SVG (no chart library). The table beside it holds the same numbers for
 * screen readers and for copying; the chart itself is one image with a summary.
 */
export function SalesChart(props: { days: string[]; totals: Map<string, number>; currency: string }) {
  const { t, money } = useTexts();
  const values = () => props.days.map((day) => props.totals.get(day) ?? 0);
  const top = () => Math.max(0, ...values());
  const bottom = () => Math.min(0, ...values());
  const span = () => top() - bottom() || 1;
  const y = (value: number) => PADDING + ((top() - value) / span()) * (HEIGHT - 2 * PADDING);
  const slot = () => WIDTH / Math.max(1, props.days.length);
  const total = () => values().reduce((sum, value) => sum + value, 0);
  const summary = () =>
    t('sales.chartSummary', {
      total: money(total(), props.currency),
      best: money(top(), props.currency),
      days: props.days.length,
    });
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary()} preserveAspectRatio="none">
        <For each={props.days}>
          {(day, i) => {
            const value = () => values()[i()] ?? 0;
            return (
              <rect
                class={value() < 0 ? 'bar negative' : 'bar'}
                x={i() * slot() + slot() * 0.15}
                width={slot() * 0.7}
                y={Math.min(y(value()), y(0))}
                height={Math.abs(y(value()) - y(0))}
              >
                <title>{`${day}: ${money(value(), props.currency)}`}</title>
              </rect>
            );
          }}
        </For>
        <line class="baseline" x1="0" x2={WIDTH} y1={y(0)} y2={y(0)} />
      </svg>
      <figcaption>
        <span>{props.days[0]}</span>
        <span>{t('sales.chartCaption', { currency: props.currency.toUpperCase(), best: money(top(), props.currency) })}</span>
        <span>{props.days.at(-1)}</span>
      </figcaption>
    </figure>
  );
}
