import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { MaturityView } from '@/components/team/MaturityView';
import { assessmentSchema, MATURITY_QUESTIONS } from '@/lib/model/insights.schema';
import { byTestId, check, cleanup, mount, text, waitFor } from '../helpers/render';
import { fileDeal, fileHistory, storedHistory, teamPlaybook } from '../forecast/fixtures';
import { readChart } from '../charts/read-chart';

const NOW = new Date('2026-02-18T10:00:00.000Z');
let db: StagecraftDb;

beforeEach(async () => {
  db = openDatabase(`test-maturity-view-${Math.random()}`);
  // 2 of its 3 working stages have exit criteria (67 %: enough for level 2, not for level 3).
  const playbook = teamPlaybook();
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

const open = async () => {
  const { container } = await mount(<MaturityView db={db} now={() => NOW} />);
  await waitFor(() => byTestId(container, 'maturity-level'));
  return container;
};
const level = (root: HTMLElement) => byTestId(root, 'maturity-level').dataset.level;
const answer = (root: HTMLElement, question: string, value: number) => root.querySelector<HTMLInputElement>(`[data-testid="answer-${question}-${value}"]`)!;

describe('maturity view', () => {
  it('the questionnaire is saved (validated) and the level, bottleneck and next steps update', async () => {
    const root = await open();
    expect(level(root)).toBe('1');
    expect(text(byTestId(root, 'maturity-level').querySelector('h3'))).toBe('Level 1 of 5: Ad hoc');
    // Nothing answered: the questions hold the team at level 1; the process question is named first.
    expect(byTestId(root, 'maturity-bottleneck').dataset.dimension).toBe('process');
    expect(text(byTestId(root, 'maturity-bottleneck').querySelector('p'))).toBe('Process and scripts keeps the team at level 1.');
    expect(text(byTestId(root, 'maturity-steps').querySelector('li'))).toBe('Process and scripts: Get to “There is a shared sense of the steps, but no written process or scripts.”');
    expect(text(root.querySelector('[data-dimension="exitCriteria"] td:last-child'))).toBe('Working stages with exit criteria: 2 of 3 (67%).');

    // Every answer is a labelled radio button with its statement.
    const fieldset = root.querySelector('fieldset[data-question="roles"]')!;
    expect(text(fieldset.querySelector('legend'))).toBe('Sales roles');
    expect(fieldset.querySelectorAll('input[type="radio"]')).toHaveLength(5);
    expect(text(answer(root, 'roles', 2).closest('label')!.lastElementChild)).toBe('Roles (prospecting, closing, account management) and hand-overs are defined.');

    // The dimensions as bars (0 to 4), with the dimensions table's scores.
    const scores = () => [...root.querySelectorAll<HTMLElement>('[data-testid="maturity-dimensions"] tbody tr')].map((row) => [text(row.querySelector('th')), text(row.querySelector('.maturity-score'))]);
    let chart = readChart(byTestId(root, 'maturity-chart'));
    expect(chart.name).toBe('Score per dimension (0 to 4)');
    expect(chart.head).toEqual(['Dimension', 'Score']);
    expect(chart.rows).toEqual(scores());
    expect(chart.rows).toContainEqual(['Sales roles', '0 of 4']);
    expect(chart.rows.length).toBe(10);

    for (const question of MATURITY_QUESTIONS) await check(answer(root, question, 1));
    await waitFor(() => expect(byTestId(root, 'maturity-bottleneck').dataset.dimension).toBe('kpiRhythm'));
    chart = readChart(byTestId(root, 'maturity-chart'));
    expect(chart.rows).toEqual(scores());
    expect(chart.rows).toContainEqual(['Sales roles', '1 of 4']);
    expect(chart.bars[chart.rows.findIndex(([name]) => name === 'Sales roles')]).toEqual(['1']);
    const stored = await db.assessments.get('maturity');
    expect(assessmentSchema.parse(stored)).toEqual({ id: 'maturity', answers: { positioning: 1, roles: 1, process: 1, infrastructure: 1 }, answeredAt: NOW.toISOString() });
    expect(text(byTestId(root, 'maturity-status'))).toBe('Answers saved.');
    expect(answer(root, 'roles', 1).checked).toBe(true);
    // The KPI rhythm is measured, not asked: no deals, so no month-over-month growth yet — still level 1.
    expect(root.querySelector('fieldset[data-question="kpiRhythm"]')).toBeNull();
    expect(level(root)).toBe('1');
    expect(text(root.querySelector('[data-dimension="kpiRhythm"] td:last-child'))).toBe(
      'Month-over-month growth of new deals and customers measurable in 0 of the last 3 months. Won value with a lead channel: nothing won yet. Marketing spend entered for 0 of the last 3 months. LTV: no churn rate and no gross margin yet.',
    );
    expect(text(byTestId(root, 'maturity-steps').querySelector('li'))).toBe(
      'KPI rhythm: Record every new deal and every win in the CRM as it happens: month-over-month growth of new deals and customers needs deals created and won in each month, and can be measured in 0 of the last 3 months.',
    );

    // A history with a deal created and won in each month from October to January: growth is measurable
    // in November, December and January (the last three full months before 18 February).
    const months = ['2025-10', '2025-11', '2025-12', '2026-01'];
    const won = months.map((m, i) => ({ ...fileDeal(`w${i}`, 'Ben', 'won', 1000, `${m}-03T09:00:00Z`, `${m}-20T09:00:00Z`), source: 'Referral' }));
    await db.histories.put(storedHistory('crm', fileHistory(won)));
    await waitFor(() => expect(level(root)).toBe('2'));
    expect(text(root.querySelector('[data-dimension="kpiRhythm"] td:last-child'))).toBe(
      'Month-over-month growth of new deals and customers measurable in 3 of the last 3 months. Won value with a lead channel: 100%. Marketing spend entered for 0 of the last 3 months. LTV: no churn rate and no gross margin yet.',
    );
    // Level 2 → 3: the missing exit criteria are now the bottleneck (75 % of 3 stages = 3, 2 have one).
    expect(byTestId(root, 'maturity-bottleneck').dataset.dimension).toBe('exitCriteria');
    expect(text(byTestId(root, 'maturity-steps').querySelector('li'))).toBe('Stages with exit criteria: Give more working stages at least one exit criterion (a stage goal) in the playbook editor. Still needed: 1.');
    expect(text(root.querySelector('h3#maturity-steps-title'))).toBe('Next steps to level 3');
    expect(text(root.querySelector('[data-dimension="roles"] td:last-child'))).toBe('Roles exist informally, and hand-overs depend on who is around.');

    // Changing one answer keeps the others.
    await check(answer(root, 'roles', 4));
    await waitFor(async () => expect((await db.assessments.get('maturity'))?.answers).toEqual({ positioning: 1, roles: 4, process: 1, infrastructure: 1 }));
  });

  it('an answer to the KPI rhythm question stored before it was measured is kept, not asked, not used', async () => {
    await db.assessments.put({ id: 'maturity', answers: { roles: 2, kpiRhythm: 4 }, answeredAt: '2026-01-10T09:00:00.000Z' });
    const root = await open();
    expect(answer(root, 'roles', 2).checked).toBe(true);
    expect(root.querySelector('fieldset[data-question="kpiRhythm"]')).toBeNull();
    expect(root.querySelector('tr[data-dimension="kpiRhythm"]')!.getAttribute('data-score')).toBe('0');
    await check(answer(root, 'roles', 3));
    await waitFor(async () => expect((await db.assessments.get('maturity'))?.answers).toEqual({ roles: 3, kpiRhythm: 4 }));
  });

  it('a stored assessment that does not validate counts as not answered', async () => {
    await db.assessments.put({ id: 'maturity', answers: { roles: 9 }, answeredAt: 'yesterday' });
    const root = await open();
    expect(level(root)).toBe('1');
    expect(answer(root, 'roles', 4).checked).toBe(false);
    expect(text(root.querySelector('fieldset[data-question="roles"] p'))).toBe('Not answered yet (counts as the first statement).');
  });

  it('speaks the reader’s language', async () => {
    const { container } = await mount(<MaturityView db={db} now={() => NOW} />, 'sv');
    await waitFor(() => expect(text(byTestId(container, 'maturity-level').querySelector('h3'))).toBe('Nivå 1 av 5: Ad hoc'));
    expect(text(container.querySelector('[data-dimension="kpiRhythm"] th'))).toBe('Rytm för nyckeltal');
    expect(text(container.querySelector('[data-dimension="kpiRhythm"] td:last-child'))).toBe(
      'Tillväxt månad för månad i nya affärer och kunder mätbar under 0 av de senaste 3 månaderna. Vunnet värde med leadkanal: inget vunnet än. Marknadsföringskostnad angiven för 0 av de senaste 3 månaderna. LTV: varken kundbortfall eller bruttomarginal än.',
    );
  });
});
