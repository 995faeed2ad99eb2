import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase } from '@/lib/db/database';
import { deleteImportedHistory, saveImportedHistory } from '@/lib/db/histories';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import { loadSettings } from '@/lib/db/settings';
import { learnRotDays, LEARN_MIN_DEALS } from '@/lib/metrics/learned-rot';
import { validateHistory, type History } from '@/lib/metrics/history.schema';
import { stallLimit } from '@/lib/metrics/rules';
import { evaluateDeal } from '@/lib/playbook/engine';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';

// Stall limits learned from the team's history: twice the median days of the stays that left a stage,
// from LEARN_MIN_DEALS deals or more; used only where the manager set no rot days for the stage.

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();

/** Deal i stays `days(i)` days in s1, then moves to s2 (and stays open there). */
function history(count: number, days: (i: number) => number, pipeline = 'p1', stages = ['s1', 's2']): History {
  const deals = Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    title: '',
    owner: 'Anna',
    pipeline,
    value: 100,
    currency: 'EUR',
    createdAt: iso(T0),
    closedAt: null,
    status: 'open',
    stageHistory: [
      { stage: stages[0], enteredAt: iso(T0) },
      { stage: stages[1], enteredAt: iso(T0 + days(i) * DAY) },
    ],
  }));
  return validateHistory({ version: 1, pipelines: [{ id: pipeline, name: 'P', stages: stages.map((id) => ({ id, name: id, probability: 0.5, rotDays: null })) }], deals, activities: [], forecasts: [] });
}

describe('learned stall limits', () => {
  it('twice the median days of the left stays, rounded up; the stage a deal is still in is not learned from', () => {
    // 20 deals leaving s1 after 1, 2, …, 20 days: median 10.5 → 21 days.
    expect(learnRotDays(history(LEARN_MIN_DEALS, (i) => i + 1))).toEqual({ 'p1/s1': { days: 21, deals: 20 } });
    // An odd count: 21 deals, 1…21 days, median 11 → 22.
    expect(learnRotDays(history(21, (i) => i + 1))).toEqual({ 'p1/s1': { days: 22, deals: 21 } });
  });

  it('nothing below the minimum number of deals', () => {
    expect(LEARN_MIN_DEALS).toBe(20);
    expect(learnRotDays(history(19, () => 3))).toEqual({});
  });

  it('a deal that leaves a stage twice gives two stays but counts as one deal; a won deal leaves at its close', () => {
    const base = history(19, () => 4);
    const again = {
      ...base,
      deals: [
        ...base.deals,
        { ...base.deals[0]!, id: 'back', stageHistory: [{ stage: 's1', enteredAt: T0 }, { stage: 's2', enteredAt: T0 + DAY }, { stage: 's1', enteredAt: T0 + 2 * DAY }, { stage: 's2', enteredAt: T0 + 3 * DAY }] },
      ],
    };
    // 19 stays of 4 days and 2 of 1 day: 21 stays, median 4 → 8; 20 deals.
    expect(learnRotDays(again)['p1/s1']).toEqual({ days: 8, deals: 20 });
    const won = { ...base, deals: [...base.deals, { ...base.deals[0]!, id: 'won', status: 'won' as const, closedAt: T0 + 30 * DAY, stageHistory: [{ stage: 's1', enteredAt: T0 }] }] };
    // 19 stays of 4 days and one of 30: median 4 → 8.
    expect(learnRotDays(won)['p1/s1']).toEqual({ days: 8, deals: 20 });
  });

  it('the limit of a stage: the manager’s rot days, else the learned limit, else the team default; a closing stage never stalls', () => {
    expect(stallLimit({ rotDays: 5 }, { days: 21 }, 30)).toBe(5);
    expect(stallLimit({ rotDays: null }, { days: 21 }, 30)).toBe(21);
    expect(stallLimit({ rotDays: null }, undefined, 30)).toBe(30);
    expect(stallLimit({ rotDays: null, outcome: 'won' }, { days: 21 }, 30)).toBeNull();
  });
});

describe('learned where the history arrives', () => {
  const names: string[] = [];
  afterEach(async () => {
    for (const name of names.splice(0)) await Dexie.delete(name);
  });

  it('an import teaches the stage without rot days; the deal page then calls a deal stalled by it; removing the import forgets it', async () => {
    names.push('learned-rot-import');
    const db = openDatabase('learned-rot-import');
    const template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!.build(new Date(T0));
    const pipeline = template.pipelines[0]!;
    const [first, second] = pipeline.stages;
    // The manager leaves the first stage without rot days (the team default is 21).
    first!.rotDays = null;
    expect((await replaceActivePlaybook(db, template)).ok).toBe(true);

    // 24 imported deals each spent 3 days in it: learned 6 days.
    const saved = await saveImportedHistory(db, { name: 'past.json', format: 'scorecard-json', history: history(24, () => 3, pipeline.id, [first!.id, second!.id]) }, new Date(T0));
    expect(saved.ok).toBe(true);
    const settings = await loadSettings(db);
    expect(settings.learnedRotDays).toEqual({ [`${pipeline.id}/${first!.id}`]: { days: 6, deals: 24 } });

    // A deal 8 days in that stage: stalled against the learned 6 days (the default 21 would not).
    const guidance = (learned: typeof settings.learnedRotDays) =>
      evaluateDeal({
        playbook: template,
        snapshot: { crm: 'pipedrive', dealId: '1', title: 'Deal', pipeline: pipeline.name, stage: first!.name, stages: [], value: null, currency: null, owner: null, closeDate: null, status: 'open' },
        account: 'acme',
        dealKey: 'pipedrive:acme:1',
        visits: [{ dealKey: 'pipedrive:acme:1', stage: first!.name, enteredAt: iso(T0), source: 'observed' }],
        checklist: [],
        activities: [],
        mappings: {},
        defaultRotDays: settings.defaultRotDays,
        learnedRotDays: learned,
        now: new Date(T0 + 8 * DAY),
      });
    expect(guidance(settings.learnedRotDays).stalled).toEqual({ days: 8, limit: 6 });
    expect(guidance({}).stalled).toBeNull();

    await deleteImportedHistory(db, saved.ok ? saved.row.id : '');
    expect((await loadSettings(db)).learnedRotDays).toEqual({});
  });
});
