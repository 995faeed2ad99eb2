import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { serializeHistory } from '@/lib/metrics/history';
import { ProjectionView } from '@/components/projection/ProjectionView';
import { inThreadProjectionRunner, project } from '@/lib/projection';
import { watchTeamSources } from '@/lib/db/team-sources';
import { allByTestId, button, byLabel, byTestId, cleanup, click, mount, select, text, waitFor } from '../helpers/render';
import { generateWorld } from './generate';

// The Projection tab over the team's data (an imported two-year history here): the quarters with
// their range and explanation, a rep's own figures, the backtest once it has run, the drivers, the
// CSV export by month/pipeline/product, and what is missing when the history is too short.

const NOW = new Date('2026-01-15T10:00:00.000Z');
const AS_OF = Date.parse('2026-01-15T00:00:00Z');
const world = generateWorld({ seed: 42, start: '2024-01-01T00:00:00Z', end: '2026-01-15T00:00:00Z', perMonth: 20 });
let db: StagecraftDb;

beforeEach(async () => {
  db = openDatabase(`test-projection-view-${Math.random()}`);
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

const importWorld = () => db.histories.put({ id: 'h1', name: 'two-years.json', format: 'scorecard', importedAt: '2026-01-10T00:00:00.000Z', history: JSON.parse(serializeHistory(world.full)) });
const euros = (v: number) => `€${Math.round(v).toLocaleString('en-GB')}`;

describe('projection view', () => {
  it('shows the next three quarters with range, explanation, backtest and drivers, and a rep’s own figures', async () => {
    await importWorld();
    const save = vi.fn();
    const { container } = await mount(<ProjectionView db={db} now={() => NOW} saveCsv={save} />);
    await waitFor(() => expect(allByTestId(container, 'projection-quarter')).toHaveLength(3));
    const result = project(world.full, { asOf: AS_OF });
    if (result.status !== 'projected') throw new Error('not projected');
    const q3 = result.projection.team.quarters['2026-Q3']!;
    const row = container.querySelector('[data-testid="projection-quarter"][data-period="2026-Q3"]')!;
    expect(text(row.querySelector('[data-figure="expected"]'))).toBe(euros(q3.expected));
    expect(text(row.querySelector('[data-figure="range"]'))).toBe(`${euros(q3.low)} – ${euros(q3.high)}`);
    const explain = allByTestId(container, 'projection-explain').map(text);
    expect(explain[2]).toBe(
      `${euros(q3.expected)} expected in 2026-Q3: ${euros(q3.fromOpen.value)} from ${q3.fromOpen.deals} open deals, ${euros(q3.fromNew.value)} from deals not yet created at the current rate of ${(Math.round(result.projection.basis.newDealsPerMonth * 10) / 10).toLocaleString('en-GB')} new deals a month.`,
    );
    expect(text(byTestId(container, 'projection-basis'))).toMatch(/^Measured on 23 full months of history and \d+ open deals: /);
    expect(container.querySelector('svg.chart title')?.textContent).toBe('Expected won value per quarter, with its range: Whole team');

    // The backtest runs after the projection is shown.
    await waitFor(() => expect(allByTestId(container, 'projection-backtest-row')).toHaveLength(3));
    expect(allByTestId(container, 'projection-expect-error').map(text)[0]).toMatch(/^Expect an error of about ±\d+% on 2026-Q1\.$/);

    const drivers = allByTestId(container, 'projection-driver');
    expect(drivers.map((d) => d.dataset.driver).sort()).toEqual(['moreNewDeals', 'shorterCycle', 'weakestStage']);
    expect(text(container.querySelector('[data-driver="moreNewDeals"]'))).toMatch(/^10 % more new deals a month gives \+€[\d,]+ in 2026-Q3\./);
    expect(text(container.querySelector('[data-driver="weakestStage"]'))).toContain('at the weakest stage (demo)');
    expect(drivers[0]!.textContent).toContain('Biggest lever');

    await select(byLabel<HTMLSelectElement>(container, 'Rep'), 'Ben');
    const ben = result.projection.owners.Ben!.quarters['2026-Q3']!;
    expect(text(container.querySelector('[data-testid="projection-quarter"][data-period="2026-Q3"] [data-figure="expected"]'))).toBe(euros(ben.expected));
    expect(text(container.querySelector('[data-testid="projection-quarters-table"] caption'))).toBe('Projected won value per quarter: Ben');
    expect(allByTestId(container, 'projection-explain')).toHaveLength(0);

    await click(button(container, 'Export CSV by month, pipeline and product'));
    expect(save).toHaveBeenCalledTimes(1);
    const [file, csv] = save.mock.calls[0]! as [string, string];
    expect(file).toBe('stagecraft-projection-2026-01-15.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Month,Quarter,Pipeline,Product,Expected won value,Expected won deals,From open deals,From new deals');
    expect(lines[1]).toMatch(/^2026-01,2026-Q1,Sales,\(no product\),\d+,[\d.]+,\d+,\d+$/);
    expect(lines.slice(1).map((l) => l.slice(0, 7))).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    expect(text(container)).toContain('Saved stagecraft-projection-2026-01-15.csv.');
  });

  it('five quarters on request', async () => {
    await importWorld();
    const { container } = await mount(<ProjectionView db={db} now={() => NOW} />);
    await waitFor(() => expect(allByTestId(container, 'projection-quarter')).toHaveLength(3));
    await select(byLabel<HTMLSelectElement>(container, 'Quarters'), '6');
    await waitFor(() => expect(allByTestId(container, 'projection-quarter').map((r) => r.dataset.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1', '2027-Q2']));
    expect(byLabel<HTMLSelectElement>(container, 'Quarters').value).toBe('6');
  });

  it('says what it is working on: the projection first, then the backtest past quarter by past quarter', async () => {
    await importWorld();
    // The runner takes its next step only when the test lets it.
    const turns: (() => void)[] = [];
    const step = async () => {
      await waitFor(() => expect(turns.length).toBeGreaterThan(0));
      await act(async () => turns.shift()!());
    };
    const { container } = await mount(<ProjectionView db={db} now={() => NOW} createRunner={() => inThreadProjectionRunner(() => new Promise((resolve) => turns.push(resolve)), watchTeamSources(db))} />);
    await waitFor(() => byTestId(container, 'projection-computing'));
    expect(text(byTestId(container, 'projection-computing'))).toBe(`Projecting the next 3 quarters from ${world.full.deals.length.toLocaleString('en-GB')} deals…`);
    expect(allByTestId(container, 'projection-quarter')).toHaveLength(0);

    await step(); // the projection
    await waitFor(() => expect(allByTestId(container, 'projection-quarter')).toHaveLength(3));
    expect(container.querySelector('[data-testid="projection-computing"]')).toBeNull();
    expect(text(byTestId(container, 'projection-backtest-running'))).toBe('Running the backtest…');
    for (let done = 1; done <= 6; done++) {
      await step();
      await waitFor(() => expect(text(byTestId(container, 'projection-backtest-running'))).toBe(`Backtest: ${done} of 6 past quarters projected…`));
      expect(byTestId(container, 'projection-backtest-running').querySelector('progress')!.value).toBe(done);
    }
    await step(); // the backtest's result
    await waitFor(() => expect(allByTestId(container, 'projection-backtest-row')).toHaveLength(3));
    expect(container.querySelector('[data-testid="projection-backtest-running"]')).toBeNull();
  });

  it('with too little history says what is missing, in the reader’s language', async () => {
    const { container } = await mount(<ProjectionView db={db} now={() => NOW} />, 'sv');
    await waitFor(() => byTestId(container, 'projection-missing'));
    expect(text(byTestId(container, 'projection-view').querySelector('h2'))).toBe('Prognos');
    expect(allByTestId(container, 'projection-missing')[0]!.querySelectorAll('li').length).toBe(3);
    expect(text(byTestId(container, 'projection-missing'))).toContain('hela månader historik: 0 av 6');
  });
});
