import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { TeamView } from '@/components/team/TeamView';
import { allByTestId, byLabel, byTestId, cleanup, click, mount, press, select, text, waitFor } from '../helpers/render';
import { activity, deal, done, fileDeal, fileHistory, storedHistory, teamPlaybook, visit } from '../forecast/fixtures';
import { readChart } from '../charts/read-chart';
import { dexieStoredFigures } from '@/lib/db/team-figures';
import { watchTeamSources } from '@/lib/db/team-sources';
import { inThreadTeamFiguresRunner, type WatchTeamSources } from '@/lib/team-figures';

const NOW = new Date('2026-02-18T10:00:00.000Z'); // 2026-Q1
const now = () => NOW;
let db: StagecraftDb;

// Four reps. This quarter: Anna won 1 of 2, Ben 2 of 2, “Smith, "Jo"” 0 of 1; “=SUM(A1)” (imported)
// won only last year, so has no win rate this quarter.
async function seed() {
  const playbook = teamPlaybook();
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await db.deals.bulkPut([
    deal('A1', 'Anna', 'Negotiation', 'won', 1000, { firstSeenAt: '2026-01-05T00:00:00.000Z', closedAt: '2026-02-04T00:00:00.000Z' }),
    deal('A2', 'Anna', 'Demo', 'lost', 500, { firstSeenAt: '2026-01-05T00:00:00.000Z', closedAt: '2026-02-10T00:00:00.000Z' }),
    deal('A3', 'Anna', 'Demo', 'open', 2000, { firstSeenAt: '2026-01-10T00:00:00.000Z', closeDate: '2026-03-15' }),
    deal('B1', 'Ben', 'Negotiation', 'won', 3000, { firstSeenAt: '2026-01-05T00:00:00.000Z', closedAt: '2026-01-15T00:00:00.000Z' }),
    deal('B2', 'Ben', 'Negotiation', 'won', 1000, { firstSeenAt: '2026-01-05T00:00:00.000Z', closedAt: '2026-02-14T00:00:00.000Z' }),
    deal('B3', 'Ben', 'Negotiation', 'open', 1000, { firstSeenAt: '2026-02-10T00:00:00.000Z', closeDate: '2026-03-01' }),
    deal('S1', 'Smith, "Jo"', 'Demo', 'lost', 100, { firstSeenAt: '2026-01-05T00:00:00.000Z', closedAt: '2026-02-01T00:00:00.000Z' }),
  ]);
  await db.stageVisits.bulkAdd([
    visit('A1', 'Qualified', '2026-01-05T00:00:00.000Z'),
    visit('A1', 'Negotiation', '2026-01-20T00:00:00.000Z'),
    visit('A2', 'Demo', '2026-01-06T00:00:00.000Z'),
    visit('A3', 'Demo', '2026-01-10T00:00:00.000Z'), // 39 days in Demo (21 allowed): stalled
    visit('B1', 'Negotiation', '2026-01-05T00:00:00.000Z'),
    visit('B2', 'Negotiation', '2026-01-05T00:00:00.000Z'),
    visit('B3', 'Negotiation', '2026-02-10T00:00:00.000Z'),
    visit('S1', 'Demo', '2026-01-05T00:00:00.000Z'),
  ]);
  await db.checklist.put(done('A1', 'qualified', 'discovery', '2026-01-06T00:00:00.000Z'));
  await db.activities.put(activity('act1', 'A3', 'Anna', '2026-02-17T09:00:00.000Z', '2026-02-25T09:00:00.000Z'));
  await db.histories.bulkPut([
    storedHistory('crm-export', fileHistory([fileDeal('X1', '=SUM(A1)', 'won', 5000, '2025-10-01T00:00:00Z', '2025-12-01T00:00:00Z')])),
    storedHistory('broken', { version: 3 }),
  ]);
}

const repOrder = (root: HTMLElement) => allByTestId(root, 'team-row').map((row) => row.dataset.owner);
const cellElement = (root: HTMLElement, owner: string, measure: string) => root.querySelector(`[data-testid="team-row"][data-owner="${CSS.escape(owner)}"] [data-measure="${measure}"]`);
/** The figure itself, without the sample note beside it. */
const cell = (root: HTMLElement, owner: string, measure: string) => text(cellElement(root, owner, measure)?.querySelector('.figure')?.firstChild as Element | null);

async function open() {
  const { container } = await mount(<TeamView db={db} now={now} />);
  await waitFor(() => expect(allByTestId(container, 'team-row')).toHaveLength(4));
  return container;
}

beforeEach(async () => {
  db = openDatabase(`test-team-${Math.random()}`);
  await seed();
});
afterEach(async () => {
  await cleanup();
  vi.restoreAllMocks();
  await db.delete();
});

describe('team view', () => {
  it('shows every rep with the scorecard measures, the team total, and the imports left out', async () => {
    const root = await open();
    expect(repOrder(root)).toEqual(['=SUM(A1)', 'Anna', 'Ben', 'Smith, "Jo"']);
    expect(cell(root, 'Anna', 'winRateCount')).toBe('50%');
    expect(cell(root, 'Anna', 'winRateValue')).toBe('67%');
    expect(cell(root, 'Ben', 'avgDeal')).toBe('€2,000');
    expect(cell(root, 'Ben', 'medianCycle')).toBe('25 days');
    expect(cell(root, 'Anna', 'stalled')).toBe('1');
    expect(cell(root, 'Anna', 'adoption')).toBe('100%');
    expect(cell(root, 'Anna', 'nextStepShare')).toBe('100%');
    expect(cell(root, '=SUM(A1)', 'winRateCount')).toBe('—');
    // Rates and averages say what they rest on; below five deals they are marked low-confidence.
    expect(text(cellElement(root, 'Anna', 'winRateCount'))).toBe('50% · 2 deals (Rests on fewer than 5: read with care.)');
    expect(cellElement(root, 'Anna', 'winRateCount')!.querySelector('.figure')!.getAttribute('data-low-confidence')).toBe('true');
    expect(text(cellElement(root, 'Anna', 'adoption'))).toMatch(/^100% · \d+ required tasks? \(Rests on fewer than 5/);
    expect(text(cellElement(root, 'Anna', 'stalled'))).toBe('1'); // a count has no sample note
    expect(text(byTestId(root, 'money-currency'))).toBe('Money in EUR.');
    expect(text(byTestId(root, 'team-total').querySelector('[data-measure="winRateCount"]'))).toBe('60% · 5 deals'); // five deals: no longer low-confidence
    expect(text(byTestId(root, 'team-sources'))).toBe('Deals observed in the CRM: 7. Deals from imported histories: 1 (files: 1).');
    expect(text(byTestId(root, 'team-rejected'))).toBe('“broken.json” is left out: it is not a valid sales history (version: expected one of 1, 2).');
    const headers = [...byTestId(root, 'team-table').querySelectorAll('thead th')].map((th) => text(th).replace(/[▲▼↕]/g, '').trim());
    expect(headers).toEqual(['Rep', 'Win rate (deals)', 'Win rate (value)', 'Average deal size', 'Median deal size', 'Median cycle length', 'Velocity (per day)', 'Weighted pipeline', 'Stalled deals', 'Process adoption', 'Open deals with a next step', 'Activities per deal']);
  });

  it('a team of many reps: every rep’s row is drawn (a slice at a time), each once, in the order chosen, and every rep is in the chart', async () => {
    // 60 more reps, each with a won deal of a different value.
    const reps = Array.from({ length: 60 }, (_, i) => `Rep ${String(i).padStart(2, '0')}`);
    await db.deals.bulkPut(reps.map((rep, i) => deal(`R${i}`, rep, 'Negotiation', 'won', 1000 + i * 10, { firstSeenAt: '2026-01-05T00:00:00.000Z', closedAt: '2026-02-04T00:00:00.000Z' })));
    const { container: root } = await mount(<TeamView db={db} now={now} />);
    const byName = ['=SUM(A1)', 'Anna', 'Ben', ...reps, 'Smith, "Jo"'];
    await waitFor(() => expect(repOrder(root)).toEqual(byName));
    expect(cell(root, 'Rep 59', 'avgDeal')).toBe('€1,590');
    await waitFor(() => expect(readChart(byTestId(root, 'team-chart-reps')).bars).toHaveLength(64));

    // Largest deal first (a tie by name, reps without a value last): every rep still there once.
    await click(byTestId(root, 'sort-avgDeal'));
    const byDeal = ['Ben', ...reps.slice(1).reverse(), 'Anna', 'Rep 00', '=SUM(A1)', 'Smith, "Jo"'];
    expect(byDeal.slice(2, 4)).toEqual(['Rep 58', 'Rep 57']);
    await waitFor(() => expect(repOrder(root)).toEqual(byDeal));
    expect(cell(root, 'Rep 58', 'avgDeal')).toBe('€1,580');
  });

  it('the period selector changes the closed-deal window', async () => {
    const root = await open();
    await select(byLabel<HTMLSelectElement>(root, 'Period'), 'all');
    await waitFor(() => expect(cell(root, '=SUM(A1)', 'winRateCount')).toBe('100%'));
    expect(text(root.querySelector('caption'))).toBe('Scorecard per rep: All time');
    await select(byLabel<HTMLSelectElement>(root, 'Period'), 'lastQuarter');
    await waitFor(() => expect(cell(root, 'Anna', 'winRateCount')).toBe('—'));
    expect(cell(root, '=SUM(A1)', 'winRateCount')).toBe('100%');
  });

  it('sorts by a column with the keyboard (Enter, Space), with aria-sort; empty values stay last', async () => {
    const root = await open();
    const repHeader = byTestId(root, 'sort-rep').closest('th')!;
    expect(repHeader.getAttribute('aria-sort')).toBe('ascending');
    const winRate = byTestId<HTMLButtonElement>(root, 'sort-winRateCount');
    winRate.focus();
    expect(await press('Enter')).toBe(true); // handled by the heading, so the button's own click does not sort twice
    expect(winRate.closest('th')!.getAttribute('aria-sort')).toBe('descending');
    expect(repHeader.hasAttribute('aria-sort')).toBe(false);
    expect(repOrder(root)).toEqual(['Ben', 'Anna', 'Smith, "Jo"', '=SUM(A1)']);
    expect(await press(' ')).toBe(true);
    expect(winRate.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    expect(repOrder(root)).toEqual(['Smith, "Jo"', 'Anna', 'Ben', '=SUM(A1)']);
    // Arrow keys move between the column headings.
    await press('ArrowRight');
    expect(document.activeElement).toBe(byTestId(root, 'sort-winRateValue'));
    await press('Home');
    expect(document.activeElement).toBe(byTestId(root, 'sort-rep'));
    await press('Enter');
    expect(repHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(repOrder(root)).toEqual(['=SUM(A1)', 'Anna', 'Ben', 'Smith, "Jo"']);
    await click(byTestId(root, 'sort-rep'));
    expect(repHeader.getAttribute('aria-sort')).toBe('descending');
    expect(repOrder(root)).toEqual(['Smith, "Jo"', 'Ben', 'Anna', '=SUM(A1)']);
  });

  it('expands a rep into the funnel against the team', async () => {
    const root = await open();
    const toggle = root.querySelector<HTMLButtonElement>('[data-owner="Anna"] button.disclosure')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-label')).toBe('Show the stage conversion of Anna');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = byTestId(root, 'team-funnel');
    expect(panel.closest('tr')!.id).toBe(toggle.getAttribute('aria-controls'));
    expect(text(panel.querySelector('h3'))).toBe('Stage conversion: Anna against the team');
    const labels = [...panel.querySelectorAll('.funnel__label')].map((l) => text(l));
    expect(labels).toContain('Sales: Qualified → Demo');
    expect(labels).toContain('CRM pipeline: Lead → Offer');
    // Anna: 3 deals reached Demo, 1 of them Negotiation (A1, won). Team: 7 reached Demo, 4 Negotiation.
    const titles = [...panel.querySelectorAll('[data-testid="funnel"] title')].map((t) => text(t));
    expect(titles).toContain('Sales: Demo → Negotiation: me 33%, team 57%');
    // The same numbers in the table behind the funnel, the rep named.
    const behind = readChart(panel);
    expect(behind.head).toEqual(['Stage step', 'Anna', 'Team']);
    expect(behind.rows).toContainEqual(['Sales: Demo → Negotiation', '33%', '57%']);
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(allByTestId(root, 'team-funnel')).toHaveLength(0);
  });

  it('charts each rep’s win rate beside their adoption, and the team’s conversion per stage, with the table’s own figures', async () => {
    const root = await open();
    const reps = readChart(byTestId(root, 'team-chart-reps'));
    expect(reps.name).toBe('Win rate and process adoption per rep: This quarter');
    expect(reps.legend).toEqual(['Win rate (deals)', 'Process adoption']);
    expect(reps.head).toEqual(['Rep', 'Win rate (deals)', 'Process adoption']);
    expect(reps.rows.map(([rep]) => rep)).toEqual(['=SUM(A1)', 'Anna', 'Ben', 'Smith, "Jo"']);
    // Every value in the chart's table is the scorecard table's own cell for that rep.
    const figureOf = (rep: string, measure: string) => {
      const row = allByTestId(root, 'team-row').find((r) => r.dataset.owner === rep)!;
      return text(row.querySelector(`[data-measure="${measure}"] .figure`)?.firstChild as Element | null);
    };
    for (const [rep, winRate, adoption] of reps.rows) {
      expect(winRate).toBe(figureOf(rep!, 'winRateCount'));
      expect(adoption).toBe(figureOf(rep!, 'adoption'));
    }
    expect(reps.rows[1]).toEqual(['Anna', '50%', '100%']);
    expect(reps.rows[2]![1]).toBe('100%');
    expect(reps.rows[0]![1]).toBe('—'); // no deal closed this quarter: no bar, and it says so
    expect(reps.bars[1]).toEqual(['0.5', '1']);
    expect(reps.bars[0]![0]).toBe('');

    const conversion = readChart(byTestId(root, 'team-chart-conversion'));
    expect(conversion.name).toBe('Conversion per stage, whole team: This quarter');
    expect(conversion.head).toEqual(['Stage step', 'Team']);
    // The team's funnel row, as the rep funnels show it: 7 reached Demo, 4 of them Negotiation.
    expect(conversion.rows).toContainEqual(['Sales: Demo → Negotiation', '57%']);
    expect(conversion.rows.map(([step]) => step)).toContain('CRM pipeline: Lead → Offer');

    await select(byLabel<HTMLSelectElement>(root, 'Period'), 'all');
    await waitFor(() => expect(readChart(byTestId(root, 'team-chart-reps')).rows[0]).toEqual(['=SUM(A1)', '100%', figureOf('=SUM(A1)', 'adoption')]));
  });

  it('exports the table as RFC 4180 CSV, in the order shown, through a Blob download', async () => {
    const blobs: Blob[] = [];
    const downloads: { href: string; download: string }[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:stagecraft/team';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.getAttribute('href')!, download: this.download });
    });
    const root = await open();
    await click(byTestId(root, 'sort-winRateCount')); // Ben, Anna, Smith, =SUM
    await click(byTestId(root, 'team-export'));

    expect(downloads).toEqual([{ href: 'blob:stagecraft/team', download: 'stagecraft-team-quarter-2026-02-18.csv' }]);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark
    const csv = new TextDecoder().decode(bytes.slice(3));
    expect(csv).toBe(
      [
        'Rep,Win rate (deals),Win rate (value),Average deal size,Median deal size,Median cycle length,Velocity (per day),Weighted pipeline,Stalled deals,Process adoption,Open deals with a next step,Activities per deal',
        // Ben: won 3000 (10 days) and 1000 (40 days); B3 open 1000 × 0.8; velocity 1 × 1 × 2000 ÷ 25.
        'Ben,1,1,2000,2000,25,80,800,0,,0,0',
        // Anna: won 1000 of 1500 (30 days); A3 2000 × 0.4 stalled; velocity 1 × 0.5 × 1000 ÷ 30; 1 activity ÷ 3 deals.
        'Anna,0.5,0.6667,1000,1000,30,16.67,800,1,1,1,0.33',
        '"Smith, ""Jo""",0,0,,,,0,0,0,,,0',
        "'=SUM(A1),,,,,,0,0,0,,,0",
        // Team: 3 of 5 won, 5000 of 5600; mean cycle 80 ÷ 3; velocity 2 × 0.6 × 5000/3 ÷ 80/3 = 75; 1 activity ÷ 8 deals.
        'Whole team,0.6,0.8929,1666.67,1000,30,75,1600,1,1,0.5,0.13',
        '',
      ].join('\r\n'),
    );
    expect(text(byTestId(root, 'team-status'))).toBe('Saved stagecraft-team-quarter-2026-02-18.csv.');
  });
});

describe('team view opened again', () => {
  it('shows the figures as last worked out at once, saying when, then those of the team’s data now', async () => {
    const kept = { store: dexieStoredFigures(db), now: () => NOW.getTime() - 3 * 3_600_000 };
    // Opened once: its figures are kept.
    const first = await mount(<TeamView db={db} now={now} createFiguresRunner={() => inThreadTeamFiguresRunner(watchTeamSources(db), kept)} />);
    await waitFor(() => expect(allByTestId(first.container, 'team-row')).toHaveLength(4));
    await waitFor(async () => expect(await db.teamFigures.count()).toBe(1));
    await cleanup();

    // Opened again while the team is still being read: the same rows at once, said to be from 3 h ago.
    let open = false;
    let release: () => void = () => {
      open = true;
    };
    const held: WatchTeamSources = (next, fail) =>
      watchTeamSources(db)((sources) => {
        if (open) return next(sources);
        release = () => {
          open = true;
          next(sources);
        };
      }, fail);
    const { container } = await mount(<TeamView db={db} now={now} createFiguresRunner={() => inThreadTeamFiguresRunner(held, { ...kept, now: () => NOW.getTime() })} />);
    await waitFor(() => expect(allByTestId(container, 'team-row')).toHaveLength(4));
    expect(text(byTestId(container, 'stored-figures'))).toBe('Figures as worked out 3 hr. ago; bringing them up to date with the team’s data…');
    expect(cell(container, 'Ben', 'winRateCount')).toBe('100%');
    release();
    await waitFor(() => expect(container.querySelector('[data-testid="stored-figures"]')).toBeNull());
    expect(allByTestId(container, 'team-row')).toHaveLength(4);
  });
});
