import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type ForecastSnapshot, type StagecraftDb } from '@/lib/db/database';
import { ForecastView } from '@/components/team/ForecastView';
import { formatDate } from '@/lib/i18n/format';
import { allByTestId, byLabel, byTestId, cleanup, mount, queryTestId, select, text, waitFor } from '../helpers/render';
import { deal, teamPlaybook, visit } from '../forecast/fixtures';
import { readChart } from '../charts/read-chart';

const NOW = new Date('2026-02-18T10:00:00.000Z');
const day = (iso: string) => formatDate(iso, 'en'); // e.g. 29 Sept 2025 (the ICU's short month)
let db: StagecraftDb;

const snap = (owner: string, period: string, week: string, weightedPipeline: number, categories: Record<string, number> = {}): ForecastSnapshot => ({
  owner, period, week, weightedPipeline, categories: { commit: 0, bestCase: 0, pipeline: 0, closed: 0, omitted: 0, ...categories }, takenAt: `${week}T08:00:00.000Z`, basis: 'live',
});

beforeEach(async () => {
  db = openDatabase(`test-forecast-view-${Math.random()}`);
  const playbook = teamPlaybook();
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await db.deals.put(deal('A9', 'Anna', 'Negotiation', 'won', 1000, { firstSeenAt: '2025-10-01T00:00:00.000Z', closedAt: '2025-11-10T00:00:00.000Z' }));
  await db.stageVisits.add(visit('A9', 'Negotiation', '2025-10-01T00:00:00.000Z'));
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

const open = async () => {
  const { container } = await mount(<ForecastView db={db} now={() => NOW} />);
  await waitFor(() => byTestId(container, 'forecast-view').querySelector('h2'));
  return container;
};
const weekRows = (root: HTMLElement) => allByTestId(root, 'forecast-week').map((row) => [...row.children].map((c) => text(c)));

describe('forecast view', () => {
  it('without snapshots says when the first one is taken', async () => {
    const root = await open();
    await waitFor(() => expect(text(root)).toContain('No forecast yet: the first snapshot is taken when Stagecraft is installed'));
  });

  it('shows the weekly snapshots of the period per rep and the team, and forecast against won for closed periods', async () => {
    await db.forecastSnapshots.bulkAdd([
      snap('Anna', '2025-Q4', '2025-09-29', 800),
      snap('Anna', '2026-Q1', '2026-02-09', 900, { commit: 1000, pipeline: 500 }),
      snap('Anna', '2026-Q1', '2026-02-16', 1000, { commit: 1000, closed: 200 }),
      snap('Ben', '2026-Q1', '2026-02-16', 400, { bestCase: 1000 }),
    ]);
    const root = await open();
    await waitFor(() => expect(allByTestId(root, 'forecast-week')).toHaveLength(2));
    const period = byLabel<HTMLSelectElement>(root, 'Period');
    expect(period.value).toBe('2026-Q1'); // the current quarter first
    expect([...period.options].map((o) => o.text)).toEqual(['2026-Q1 (open)', '2025-Q4 (closed)']);
    // Whole team: the reps' rows of a week summed. Forecast = closed + weighted.
    expect(weekRows(root)).toEqual([
      ['9 Feb 2026', '€1,000', '€0', '€500', '€0', '€900', '€900'],
      ['16 Feb 2026', '€1,000', '€1,000', '€0', '€200', '€1,400', '€1,600'],
    ]);
    await select(byLabel<HTMLSelectElement>(root, 'Rep'), 'Ben');
    expect(weekRows(root)).toEqual([['16 Feb 2026', '€0', '€1,000', '€0', '€0', '€400', '€400']]);
    expect(text(root.querySelector('[data-testid="forecast-weeks"] caption'))).toBe('Weekly snapshots: Ben, 2026-Q1');
    // Ben had no forecast and no win in 2025-Q4: no closed period for him.
    expect(queryTestId(root, 'forecast-no-closed')).not.toBeNull();

    await select(byLabel<HTMLSelectElement>(root, 'Rep'), 'Anna');
    const row = root.querySelector<HTMLElement>('[data-testid="forecast-accuracy-row"][data-period="2025-Q4"]')!;
    // Forecast 800 against 1000 won: error −200, bias −20 %, accuracy 80 %.
    expect(text(row.querySelector('[data-figure="error"]'))).toBe('-€200');
    expect(text(row.querySelector('[data-figure="bias"]'))).toBe('-20%');
    expect(text(row.querySelector('[data-figure="accuracy"]'))).toBe('80%');
    expect(text(row.lastElementChild)).toBe(`Snapshot of ${day('2025-09-29')}`);
    // Forecast against won as a chart, with the accuracy table's figures behind it.
    const chart = readChart(byTestId(root, 'forecast-chart'));
    expect(chart).toMatchObject({ name: 'Forecast against won per period: Anna', legend: ['Forecast', 'Won'], head: ['Period', 'Forecast', 'Won'], rows: [['2025-Q4', '€800', '€1,000']] });

    await select(byLabel<HTMLSelectElement>(root, 'Period'), '2025-Q4');
    expect(weekRows(root)).toEqual([[day('2025-09-29'), '€0', '€0', '€0', '€0', '€800', '€800']]);
    expect(row.getAttribute('aria-current')).toBe('true');
  });

  it('opens on the current quarter even when only later quarters have snapshots yet', async () => {
    await db.forecastSnapshots.bulkAdd([snap('Anna', '2026-Q2', '2026-02-16', 700, { pipeline: 1000 }), snap('Anna', '2026-Q3', '2026-02-16', 300)]);
    const root = await open();
    await waitFor(() => expect(byLabel<HTMLSelectElement>(root, 'Period').value).toBe('2026-Q1'));
    expect([...byLabel<HTMLSelectElement>(root, 'Period').options].map((o) => o.value)).toEqual(['2026-Q3', '2026-Q2', '2026-Q1']);
    expect(queryTestId(root, 'forecast-no-snapshots')).not.toBeNull();
    await select(byLabel<HTMLSelectElement>(root, 'Period'), '2026-Q2');
    expect(weekRows(root)).toEqual([['16 Feb 2026', '€0', '€0', '€1,000', '€0', '€700', '€700']]);
  });
});
