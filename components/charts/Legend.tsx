/** The names of a chart's series, each drawn in its series' colour and style (a line or a box). */
export function Legend({ names, shape }: { names: readonly string[]; shape: 'line' | 'box' }) {
  return (
    <figcaption class="chart-legend">
      {names.map((name, n) => (
        <span key={name} class={`chart-legend__item chart__series--${n % 6}`}>
          <svg width="18" height="10" aria-hidden="true">
            {shape === 'line' ? <line x1="0" x2="18" y1="5" y2="5" /> : <rect x="4" y="0" width="10" height="10" rx="2" />}
          </svg>
          {name}
        </span>
      ))}
    </figcaption>
  );
}
