import { causeText, type Cause } from '@/lib/i18n/cause';
import { createTranslator } from '@/lib/i18n';
import { describe, expect, it } from 'vitest';
import { conditionsHold, firstMatch } from '@/lib/automation/match';
import { leastLoaded, nextInTurn } from '@/lib/automation/pick';
import { planAssignments, type PlanInput } from '@/lib/automation/plan';
import { assignmentSettingsSchema, parseAssignmentSettings, type AssignmentSettings } from '@/lib/automation/rules';
import type { Candidate, LiveDeal, Rep } from '@/lib/automation/types';

// Rule matching (first match wins, every condition), round-robin and least-loaded on hand-made sets
// of deals, and what a plan says when a rule's rep is gone or nothing matches.

const REPS: Rep[] = [
  { id: '10', name: 'Ingrid Dahl' },
  { id: '11', name: 'Lars Berg' },
  { id: '12', name: 'Sofie Lind' },
  { id: '13', name: 'Mikko Aalto' },
];

const deal = (id: string, over: Partial<LiveDeal> = {}): LiveDeal => ({ id, title: `Deal ${id}`, ownerId: null, pipeline: 'default', stage: 'new', value: 10_000, fields: { country: 'Norway' }, ...over });
const candidate = (id: string): Candidate => ({ dealId: id, title: `Deal ${id}`, reason: 'new', key: `${id}:new` });

/** The example: Norway over 20 000 → Ingrid, every other deal round-robin in Team Nordic. */
const nordic: AssignmentSettings = assignmentSettingsSchema.parse({
  rules: [{ id: 'no-big', name: 'Norway over €20 000', when: { minValue: 20_000.01, fields: [{ field: 'country', values: ['Norway'] }] }, assign: { kind: 'owner', ownerId: '10' } }],
  fallback: { kind: 'roundRobin', groupId: 'nordic' },
  groups: [{ id: 'nordic', name: 'Team Nordic', ownerIds: ['11', '12', '13'] }],
});

function plan(settings: AssignmentSettings, deals: LiveDeal[], over: Partial<PlanInput> = {}) {
  return planAssignments({
    settings,
    candidates: deals.map((d) => candidate(d.id)),
    live: new Map(deals.map((d) => [d.id, d])),
    reps: REPS,
    rotation: {},
    openDeals: new Map(),
    ...over,
  });
}

describe('rule matching', () => {
  it('holds only when every condition holds; text without case or spaces; ranges inclusive', () => {
    const when = assignmentSettingsSchema.parse({ rules: [{ id: 'r', name: 'r', when: { pipeline: 'default', stage: 'new', minValue: 100, maxValue: 200, fields: [{ field: 'country', values: ['norway', ' Sweden '] }] }, assign: { kind: 'owner', ownerId: '10' } }] }).rules[0]!.when;
    expect(conditionsHold(when, deal('1', { value: 100, fields: { country: ' NORWAY' } }))).toBe(true);
    expect(conditionsHold(when, deal('1', { value: 200, fields: { country: 'Sweden' } }))).toBe(true);
    expect(conditionsHold(when, deal('1', { value: 200.5 }))).toBe(false);
    expect(conditionsHold(when, deal('1', { value: 99 }))).toBe(false);
    expect(conditionsHold(when, deal('1', { value: null }))).toBe(false);
    expect(conditionsHold(when, deal('1', { value: 150, fields: { country: 'Denmark' } }))).toBe(false);
    expect(conditionsHold(when, deal('1', { value: 150, fields: { country: null } }))).toBe(false);
    expect(conditionsHold(when, deal('1', { value: 150, pipeline: 'renewals' }))).toBe(false);
    expect(conditionsHold(when, deal('1', { value: 150, stage: 'qualified' }))).toBe(false);
    // A multi-select product field: one accepted option is enough.
    const product = assignmentSettingsSchema.parse({ rules: [{ id: 'p', name: 'p', when: { fields: [{ field: 'product', values: ['Fleet'] }] }, assign: { kind: 'owner', ownerId: '10' } }] }).rules[0]!.when;
    expect(conditionsHold(product, deal('1', { fields: { product: 'Core;Fleet' } }))).toBe(true);
    expect(conditionsHold(product, deal('1', { fields: { product: 'Core;Fleetwood' } }))).toBe(false);
  });

  it('first match wins, in the order the manager set', () => {
    const settings = assignmentSettingsSchema.parse({
      rules: [
        { id: 'a', name: 'Big', when: { minValue: 50_000 }, assign: { kind: 'owner', ownerId: '10' } },
        { id: 'b', name: 'Norway', when: { fields: [{ field: 'country', values: ['Norway'] }] }, assign: { kind: 'owner', ownerId: '11' } },
      ],
    });
    expect(firstMatch(settings.rules, deal('1', { value: 60_000 }))?.id).toBe('a');
    expect(firstMatch(settings.rules, deal('1', { value: 1_000 }))?.id).toBe('b');
    expect(firstMatch(settings.rules, deal('1', { value: 1_000, fields: { country: 'Italy' } }))).toBeNull();
    expect(firstMatch(settings.rules, deal('1', { value: 60_000 }), (r) => r.id !== 'a')?.id).toBe('b');
  });

  it('stored settings that do not read are named with their place, in the reader’s words', () => {
    const missing = parseAssignmentSettings({ rules: [{ id: 'x', name: 'x', when: {}, assign: { kind: 'owner' } }] });
    expect(missing).toEqual({ ok: false, problem: { kind: 'storedSettings', settings: 'assignment', note: { id: 'missing', at: 'rules[0].assign.ownerId', values: { expected: { kind: 'text' } } }, technical: expect.any(String) } });
    expect(causeText((missing as { problem: Cause }).problem, createTranslator('it'), 'it')).toMatch(/^le regole salvate per l’assegnazione dei lead non si possono leggere — rules\[0\]\.assign\.ownerId: manca: .+ \(dettaglio tecnico: .+\)$/);
    expect(parseAssignmentSettings({ rules: [{ id: 'x', name: 'x', when: { fields: [{ field: 'country; DROP', values: ['x'] }] }, assign: { kind: 'owner', ownerId: '1' } }] })).toMatchObject({ ok: false, problem: { note: { id: 'invalidFormat', at: 'rules[0].when.fields[0].field' } } });
    expect(parseAssignmentSettings(undefined)).toMatchObject({ ok: true, value: { rules: [], fallback: null } });
  });
});

describe('round-robin and least-loaded', () => {
  it('round-robin takes the rep after the last one, and starts over', () => {
    expect(nextInTurn(['11', '12', '13'], null)).toBe('11');
    expect(nextInTurn(['11', '12', '13'], '11')).toBe('12');
    expect(nextInTurn(['11', '12', '13'], '13')).toBe('11');
    // The last rep left the group: the turn starts at the first.
    expect(nextInTurn(['11', '12', '13'], '99')).toBe('11');
    expect(nextInTurn([], '11')).toBeNull();
  });

  it('least-loaded takes the rep with the fewest open deals, ties to the first listed', () => {
    expect(leastLoaded(['11', '12', '13'], new Map([['11', 4], ['12', 2], ['13', 2]]))).toBe('12');
    expect(leastLoaded(['11', '12'], new Map())).toBe('11');
  });

  it('the Nordic example: Norway over €20 000 to Ingrid, the rest in turn, the turn carried on', () => {
    const deals = [
      deal('1', { value: 25_000 }),
      deal('2', { value: 5_000 }),
      deal('3', { value: 30_000, fields: { country: 'Sweden' } }),
      deal('4', { value: 20_000 }), // not over 20 000
      deal('5', { value: 90_000 }),
      deal('6', { value: 1_000, fields: { country: null } }),
    ];
    const result = plan(nordic, deals, { rotation: { nordic: '12' } });
    expect(result.changes.map((c) => [c.dealId, c.toOwnerId, c.ruleId])).toEqual([
      ['1', '10', 'no-big'],
      ['2', '13', 'default'],
      ['3', '11', 'default'],
      ['4', '12', 'default'],
      ['5', '10', 'no-big'],
      ['6', '13', 'default'],
    ]);
    expect(result.rotation).toEqual({ nordic: '13' });
    expect(result.notes).toEqual([]);
  });

  it('least-loaded counts the deals given earlier in the same run and takes them from the previous owner', () => {
    const settings = assignmentSettingsSchema.parse({ fallback: { kind: 'leastLoaded', groupId: 'g' }, groups: [{ id: 'g', name: 'G', ownerIds: ['11', '12'] }] });
    const result = plan(settings, [deal('1'), deal('2', { ownerId: '12' }), deal('3'), deal('4')], { openDeals: new Map([['11', 1], ['12', 2]]) });
    // 1 → 11 (1 vs 2 → 11 has 2), 2 owned by 12 already: least is 11 or 12 (2 vs 2 → 11, first listed), moves 12 to 1
    expect(result.changes.map((c) => [c.dealId, c.fromOwnerId, c.toOwnerId])).toEqual([
      ['1', null, '11'],
      ['2', '12', '11'],
      ['3', null, '12'],
      ['4', null, '12'],
    ]);
  });
});

describe('plan notes', () => {
  it('a rule naming a rep who is gone is passed over with one note; the next rule or the default decides', () => {
    const gone = { ...nordic, rules: [{ ...nordic.rules[0]!, assign: { kind: 'owner' as const, ownerId: '77' } }] };
    const result = plan(gone, [deal('1', { value: 25_000 }), deal('2', { value: 26_000 })]);
    expect(result.changes.map((c) => [c.dealId, c.toOwnerId, c.ruleId])).toEqual([
      ['1', '11', 'default'],
      ['2', '12', 'default'],
    ]);
    expect(result.notes).toEqual([{ kind: 'unknownRep', ruleId: 'no-big', ruleName: 'Norway over €20 000', ownerId: '77' }]);
  });

  it('a group missing a rep rotates among the others; an empty group and no default leave the deal alone', () => {
    const partly = { ...nordic, rules: [], groups: [{ id: 'nordic', name: 'Team Nordic', ownerIds: ['11', '88'] }] };
    const result = plan(partly, [deal('1'), deal('2')]);
    expect(result.changes.map((c) => c.toOwnerId)).toEqual(['11', '11']);
    expect(result.notes).toEqual([{ kind: 'unknownRep', ruleId: 'default', ruleName: null, ownerId: '88' }]);

    const empty = { ...nordic, rules: [], groups: [{ id: 'nordic', name: 'Team Nordic', ownerIds: ['88'] }] };
    const none = plan(empty, [deal('1')]);
    expect(none.changes).toEqual([]);
    expect(none.notes.map((n) => n.kind)).toEqual(['unknownRep', 'emptyGroup', 'noMatch']);
  });

  it('a deal its rep owns already needs no change; an unreadable deal is listed, not decided', () => {
    const result = plan(nordic, [deal('1', { value: 25_000, ownerId: '10' }), deal('2')], { live: new Map<string, LiveDeal | { error: string }>([['1', deal('1', { value: 25_000, ownerId: '10' })], ['2', { error: 'notFound · 404' }]]) });
    expect(result.changes).toEqual([]);
    expect(result.notes).toEqual([
      { kind: 'alreadyOwner', dealId: '1', title: 'Deal 1', key: '1:new', ownerId: '10', ruleId: 'no-big' },
      { kind: 'unreadable', dealId: '2', title: 'Deal 2', detail: 'notFound · 404' },
    ]);
  });

  it('a rule may also move the deal to another pipeline', () => {
    const settings = assignmentSettingsSchema.parse({ rules: [{ id: 'ent', name: 'Enterprise', when: { minValue: 100_000 }, assign: { kind: 'owner', ownerId: '10' }, move: { pipeline: 'enterprise', stage: 'ent-new' } }] });
    const result = plan(settings, [deal('1', { value: 150_000, ownerId: '10' })]);
    expect(result.changes).toEqual([expect.objectContaining({ dealId: '1', fromOwnerId: '10', toOwnerId: '10', move: { pipeline: 'enterprise', stage: 'ent-new' }, fromPipeline: 'default', fromStage: 'new' })]);
  });
});
