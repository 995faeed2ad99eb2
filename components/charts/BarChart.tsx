import { ChartTable, type ChartTableColumns } from './ChartTable';
import { Legend } from './Legend';
import { niceTicks, WIDTH } from './scale';
import './charts.css';

// Horizontal bars, one group per category (a rep, a maturity dimension, a stage step) and one bar per
// series, each with its value written at its end. Categories are named above their bars, so long
// names never get cut at any width. A category without a value shows no bar and the "none" text.

const LABEL = 18;
const BAR = 12;
const GAP = 3;
const AFTER = 10;
/** Room on the right for the value written after the longest bar. */
const VALUE_ROOM = 96;

export interface BarSeries {
  name: string;
  values: readonly (number | null)[];
}

export interface BarChartProps {
  /** The chart's accessible name, and its table's caption. */
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** The value a full bar stands for (1 for rates, 4 for a maturity score); else a rounded top of the values. */
  max?: number;
  table: ChartTableColumns;
  testId?: string;
}

export function BarChart({ title, categories, series, max, table, testId }: BarChartProps) {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = max ?? niceTicks(Math.max(0, ...values)).at(-1)!;
  const plot = WIDTH - VALUE_ROOM;
  const length = (v: number) => Math.max(2, (Math.min(Math.max(v, 0), top) / top) * plot);
  const group = LABEL + series.length * (BAR + GAP) + AFTER;
  const height = Math.max(1, categories.length * group);
  return (
    <figure class="chart-figure" data-testid={testId}>
      <h3 class="chart-title">{title}</h3>
      <svg class="chart chart--bars" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        <title>{title}</title>
        {categories.map((category, i) => {
          const y = i * group;
          return (
            <g key={`${i}-${category}`} class="chart__group">
              <text class="chart__label" x={0} y={y + LABEL - 5}>{category}</text>
              {series.map((s, n) => {
                const value = s.values[i] ?? null;
                const barY = y + LABEL + n * (BAR + GAP);
                const end = value === null ? 0 : length(value);
                return (
                  <g key={s.name} class={`chart__series chart__series--${n % 6}`} data-value={value ?? ''}>
                    {value === null ? null : <rect x={0} y={barY} width={end} height={BAR} rx={2} />}
                    <text class="chart__value" x={end + 6} y={barY + BAR - 2}>{table.format(value)}</text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      {series.length > 1 ? <Legend names={series.map((s) => s.name)} shape="box" /> : null}
      <ChartTable title={title} categories={categories} series={series} columns={table} />
    </figure>
  );
}
