// Small SVG charts for the Projection and KPI views. Colours come from the theme's CSS variables
// (light and dark follow the system); every chart is labelled for screen readers and has its
// numbers in a table beside it, so nothing is only in the picture.

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

/** A "nice" rounded top for the y axis and its ticks. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

interface Axis {
  format: (value: number) => string;
  label: string;
}

function Frame({ ticks, y, format, labels, x, label, children }: { ticks: number[]; y: (v: number) => number; format: (v: number) => string; labels: string[]; x: (i: number) => number; label: string; children: preact.ComponentChildren }) {
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
      <title>{label}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line class="chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
          <text class="chart__tick" x={PAD.left - 6} y={y(t) + 4} text-anchor="end">{format(t)}</text>
        </g>
      ))}
      {labels.map((l, i) => (
        <text key={l} class="chart__tick" x={x(i)} y={HEIGHT - 8} text-anchor="middle">{l}</text>
      ))}
      {children}
    </svg>
  );
}

/** Bars (expected) with a whisker from low to high, one per period. */
export function RangeBars({ points, axis }: { points: { label: string; value: number; low: number; high: number }[]; axis: Axis }) {
  const ticks = niceTicks(Math.max(0, ...points.map((p) => p.high)));
  const top = ticks[ticks.length - 1]!;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length);
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const bar = Math.min(56, slot * 0.5);
  return (
    <Frame ticks={ticks} y={y} format={axis.format} labels={points.map((p) => p.label)} x={x} label={axis.label}>
      {points.map((p, i) => (
        <g key={p.label}>
          <rect class="chart__bar" x={x(i) - bar / 2} y={y(p.value)} width={bar} height={Math.max(0, y(0) - y(p.value))} />
          <line class="chart__whisker" x1={x(i)} x2={x(i)} y1={y(p.low)} y2={y(p.high)} />
          <line class="chart__whisker" x1={x(i) - bar / 4} x2={x(i) + bar / 4} y1={y(p.low)} y2={y(p.low)} />
          <line class="chart__whisker" x1={x(i) - bar / 4} x2={x(i) + bar / 4} y1={y(p.high)} y2={y(p.high)} />
        </g>
      ))}
    </Frame>
  );
}

/** Lines over months, one per series (up to six distinct styles; the legend names them). */
export function LineChart({ labels, series, axis }: { labels: string[]; series: { name: string; values: (number | null)[] }[]; axis: Axis }) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = niceTicks(Math.max(0, ...all));
  const top = ticks[ticks.length - 1]!;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / top) * plotH;
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
  const x = (i: number) => PAD.left + step * (i + 0.5);
  // Show every label when they fit, else every second/third.
  const every = Math.ceil(labels.length / 12);
  return (
    <figure class="chart-figure">
      <Frame ticks={ticks} y={y} format={axis.format} labels={labels.map((l, i) => (i % every === 0 ? l : ''))} x={x} label={axis.label}>
        {series.map((s, n) => {
          const path = s.values
            .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
            .reduce<string[]>((parts, point, i, list) => {
              if (point === null) return parts;
              parts.push(`${i === 0 || list[i - 1] === null ? 'M' : 'L'}${point}`);
              return parts;
            }, [])
            .join(' ');
          return (
            <g key={s.name} class={`chart__series chart__series--${n % 6}`}>
              <path d={path} fill="none" />
              {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={2.5} />))}
            </g>
          );
        })}
      </Frame>
      {series.length > 1 ? (
        <figcaption class="chart-legend">
          {series.map((s, n) => (
            <span key={s.name} class={`chart-legend__item chart__series--${n % 6}`}>
              <svg width="18" height="8" aria-hidden="true"><line x1="0" x2="18" y1="4" y2="4" /></svg>
              {s.name}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
