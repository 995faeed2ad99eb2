import { ChartTable, type ChartTableColumns } from './ChartTable';
import { Frame, type Axis } from './Frame';
import { Legend } from './Legend';
import { HEIGHT, niceTicks, PAD, WIDTH } from './scale';

// Lines over periods (months, quarters), one per series: up to six distinct styles, named by the
// legend. With `table`, the same numbers follow as a table (the KPI view keeps its own tables).

export function LineChart({ labels, series, axis, table, testId }: { labels: string[]; series: { name: string; values: (number | null)[] }[]; axis: Axis; table?: ChartTableColumns; testId?: string }) {
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
    <figure class="chart-figure" data-testid={testId}>
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
              {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={3} />))}
            </g>
          );
        })}
      </Frame>
      {series.length > 1 ? <Legend names={series.map((s) => s.name)} shape="line" /> : null}
      {table ? <ChartTable title={axis.label} categories={labels} series={series} columns={table} /> : null}
    </figure>
  );
}
