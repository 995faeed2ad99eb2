import type { ComponentChildren } from 'preact';
import { HEIGHT, PAD, WIDTH } from './scale';
import './charts.css';

// The y-axis frame of the column and line charts: grid lines with their values, the x labels, and
// the accessible name (the picture is one image to a screen reader; its numbers are in a table).

export interface Axis {
  format: (value: number) => string;
  label: string;
}

export function Frame({ ticks, y, format, labels, x, label, children }: { ticks: number[]; y: (v: number) => number; format: (v: number) => string; labels: string[]; x: (i: number) => number; label: string; children: ComponentChildren }) {
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
        <text key={`${i}-${l}`} class="chart__tick" x={x(i)} y={HEIGHT - 8} text-anchor="middle">{l}</text>
      ))}
      {children}
    </svg>
  );
}
