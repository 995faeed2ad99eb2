import { text } from '../helpers/render';

/** What a chart figure shows: its accessible name, its bars' values per category, and the table behind it. */
export function readChart(figure: Element) {
  const svg = figure.querySelector('svg[role="img"]')!;
  const table = figure.querySelector('details[data-testid="chart-table"] table')!;
  return {
    name: svg.getAttribute('aria-label'),
    bars: [...svg.querySelectorAll('.chart__group')].map((group) => [...group.querySelectorAll('[data-value]')].map((bar) => bar.getAttribute('data-value'))),
    legend: [...figure.querySelectorAll('.chart-legend__item')].map((item) => text(item)),
    summary: text(figure.querySelector('details > summary')),
    caption: text(table.querySelector('caption')),
    head: [...table.querySelectorAll('thead th')].map((th) => text(th)),
    rows: [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => text(cell))),
  };
}
