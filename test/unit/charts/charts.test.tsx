import { afterEach, describe, expect, it } from 'vitest';
import { BarChart } from '@/components/charts/BarChart';
import { LineChart } from '@/components/charts/LineChart';
import { WIDTH } from '@/components/charts/scale';
import { cleanup, mount, text } from '../helpers/render';
import { readChart } from './read-chart';

afterEach(cleanup);

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

describe('bar chart', () => {
  it('draws one bar per rep and series at its share of the full bar, writes each value, and names the chart', async () => {
    const { container } = await mount(
      <BarChart
        title="Win rate and process adoption per rep"
        categories={['Anna', 'Ben']}
        series={[
          { name: 'Win rate', values: [0.5, 1] },
          { name: 'Adoption', values: [0.25, null] },
        ]}
        max={1}
        table={{ category: 'Rep', format: pct }}
        testId="chart"
      />,
    );
    const figure = container.querySelector('[data-testid="chart"]')!;
    const chart = readChart(figure);
    expect(chart.name).toBe('Win rate and process adoption per rep');
    expect(text(figure.querySelector('h3'))).toBe('Win rate and process adoption per rep');
    expect(chart.bars).toEqual([['0.5', '0.25'], ['1', '']]);
    expect(chart.legend).toEqual(['Win rate', 'Adoption']);
    // Lengths in proportion: 1 is the whole plot, 0.5 half of it; no value draws no bar but says so.
    const widths = [...figure.querySelectorAll('svg.chart rect')].map((r) => Number(r.getAttribute('width')));
    expect(widths).toHaveLength(3);
    expect(widths[0]! / widths[2]!).toBeCloseTo(0.5 / 1, 9);
    expect(widths[1]! / widths[2]!).toBeCloseTo(0.25, 9);
    expect(widths[2]).toBeLessThan(WIDTH);
    expect([...figure.querySelectorAll('.chart__value')].map((v) => text(v))).toEqual(['50%', '25%', '100%', '—']);
  });

  it('has its numbers in a table behind a disclosure: a row per category, a column per series', async () => {
    const { container } = await mount(
      <BarChart title="Score per dimension" categories={['Exit criteria', 'Roles']} series={[{ name: 'Score', values: [2, 0] }]} max={4} table={{ category: 'Dimension', format: (v) => `${v} of 4` }} testId="chart" />,
    );
    const figure = container.querySelector('[data-testid="chart"]')!;
    const details = figure.querySelector('details')!;
    expect(details.open).toBe(false); // opened with Enter on its summary, a native control
    expect(readChart(figure)).toMatchObject({
      summary: 'Show as a table: Score per dimension',
      caption: 'Score per dimension',
      head: ['Dimension', 'Score'],
      rows: [
        ['Exit criteria', '2 of 4'],
        ['Roles', '0 of 4'],
      ],
      legend: [], // one series: its name is the table's column, no legend needed
    });
    // A zero still shows a sliver, so the row is not mistaken for missing.
    expect(Number(figure.querySelectorAll('svg.chart rect')[1]!.getAttribute('width'))).toBeGreaterThan(0);
  });

  it('speaks the page language in the table’s disclosure', async () => {
    const { container } = await mount(<BarChart title="Poäng" categories={['A']} series={[{ name: 'Poäng', values: [1] }]} max={4} table={{ category: 'Dimension', format: String }} />, 'sv');
    expect(text(container.querySelector('summary'))).toBe('Visa som tabell: Poäng');
  });
});

describe('line chart', () => {
  it('with a table, shows the same values per period as the lines', async () => {
    const { container } = await mount(
      <LineChart
        labels={['2025-Q3', '2025-Q4']}
        series={[
          { name: 'Forecast', values: [800, 1200] },
          { name: 'Won', values: [1000, null] },
        ]}
        axis={{ format: (v) => `€${v}`, label: 'Forecast against won' }}
        table={{ category: 'Period', format: (v) => (v === null ? '—' : `€${v}`) }}
        testId="chart"
      />,
    );
    const figure = container.querySelector('[data-testid="chart"]')!;
    expect(figure.querySelector('svg')!.getAttribute('aria-label')).toBe('Forecast against won');
    expect(figure.querySelectorAll('.chart__series--0 circle')).toHaveLength(2);
    expect(figure.querySelectorAll('.chart__series--1 circle')).toHaveLength(1);
    const table = figure.querySelector('details table')!;
    expect([...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((c) => text(c)))).toEqual([
      ['2025-Q3', '€800', '€1000'],
      ['2025-Q4', '€1200', '—'],
    ]);
  });

  it('without a table (the KPI view keeps its own), draws only the chart', async () => {
    const { container } = await mount(<LineChart labels={['Jan']} series={[{ name: 'New deals', values: [3] }]} axis={{ format: String, label: 'New deals' }} />);
    expect(container.querySelector('details')).toBeNull();
  });
});
