import { Frame, type Axis } from './Frame';
import { HEIGHT, niceTicks, PAD, WIDTH } from './scale';

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
