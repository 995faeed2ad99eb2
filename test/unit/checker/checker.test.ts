import { describe, expect, it } from 'vitest';
import { checkPlaybook, suggestStructured, type Finding } from '@/lib/checker';
import { findHopeWord } from '@/lib/checker/words';
import { formatPath } from '@/lib/model/issues';
import { createTranslator, ENGLISH } from '@/lib/i18n';
import { clone, samplePlaybook } from '../options/fixtures';

const kinds = (findings: Finding[]) => findings.map((f) => `${f.kind} ${formatPath(f.path)}`);

describe('checkPlaybook', () => {
  it('finds nothing in a sound process', () => {
    expect(checkPlaybook(samplePlaybook())).toEqual([]);
  });

  it.each([
    ['Maybe'], ['Could buy'], ['Should close'], ['Hot lead'], ['Likely to sign'], ['Warm'], ['Interested'], ['Promising'],
    ['Kanske'], ['Intresserad kund'], ['Kanskje'], ['Lovende'], ['Misschien'], ['Geïnteresseerd'], ['Forse'], ['Caldo'],
    ['Vielleicht'], ['Heiß'], ['Peut-être'], ['Intéressé'], ['Tal vez'], ['Prometedor'],
  ])('flags a stage named after a hope: %s', (name) => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[1]!.name = name;
    const findings = checkPlaybook(book);
    expect(kinds(findings)).toEqual(['hopeName pipelines[0].stages[1].name']);
    expect(findings[0]).toMatchObject({ severity: 'warning', key: 'checker.hopeName', params: { stage: name } });
  });

  it.each(['Hotel booked', 'Demo held', 'Proposal sent', 'Het voorstel is verstuurd', 'Contract signed'])('does not flag a buyer action: %s', (name) => {
    expect(findHopeWord(name)).toBeNull();
  });

  it('flags more than five key tasks in an imported draft (the schema cannot hold them)', () => {
    const draft = clone(samplePlaybook()) as unknown as { pipelines: { stages: { tasks: unknown[] }[] }[] };
    draft.pipelines[0]!.stages[0]!.tasks = Array.from({ length: 7 }, (_, i) => ({ id: `t${i}`, title: `Task ${i}`, dueDays: 1, required: i === 0 }));
    const findings = checkPlaybook(draft as never);
    expect(kinds(findings)).toEqual(['tooManyTasks pipelines[0].stages[0].tasks']);
    expect(findings[0]).toMatchObject({ severity: 'error', params: { count: 7, max: 5 } });
  });

  it('flags a stage with no exit criterion, and one whose only criterion is "required tasks" with none required', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[1]!.goal = [];
    book.pipelines[0]!.stages[0]!.tasks[0]!.required = false;
    expect(kinds(checkPlaybook(book))).toEqual(['noExitCriterion pipelines[0].stages[0].goal', 'noExitCriterion pipelines[0].stages[1].goal']);
  });

  it('does not ask a won/lost stage for exit criteria, guidance or tasks', () => {
    const book = clone(samplePlaybook());
    expect(book.pipelines[0]!.stages[3]).toMatchObject({ outcome: 'won', goal: [], tasks: [], guidance: '' });
    expect(checkPlaybook(book)).toEqual([]);
  });

  it('flags a stage with neither guidance nor tasks', () => {
    const book = clone(samplePlaybook());
    const stage = book.pipelines[0]!.stages[1]!;
    stage.guidance = '   ';
    stage.tasks = [];
    expect(kinds(checkPlaybook(book))).toEqual(['emptyStage pipelines[0].stages[1].guidance']);
  });

  it('flags the same normalised alias on two stages of one pipeline for one CRM', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[2]!.aliases.pipedrive.push('  demo  SCHEDULED ');
    book.pipelines[0]!.stages[2]!.aliases.hubspot.push('Qualified'); // other CRM: fine
    const findings = checkPlaybook(book);
    expect(kinds(findings)).toEqual(['duplicateAlias pipelines[0].stages[2].aliases.pipedrive[1]']);
    expect(findings[0]).toMatchObject({ severity: 'error', params: { label: '  demo  SCHEDULED ', crm: 'Pipedrive', stage: 'Proposal made', other: 'Demo held', pipeline: 'New business' } });
  });

  it('treats accents and case as the same alias, but not a repeat inside one stage', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[0]!.aliases.salesforce = ['Qualification', 'QUALIFICATION'];
    book.pipelines[0]!.stages[1]!.aliases.salesforce = ['Qualificatión'];
    expect(kinds(checkPlaybook(book))).toEqual(['duplicateAlias pipelines[0].stages[1].aliases.salesforce[0]']);
  });

  it.each([
    ['Proposal sent to the buyer', 'proposal', 'checker.manual.fix.proposal'],
    ['Close date agreed', 'closeDate', 'checker.manual.fix.closeDate'],
    ['Amount confirmed', 'amount', 'checker.manual.fix.amount'],
    ['Owner assigned', 'owner', 'checker.manual.fix.owner'],
    ['Offert skickad', 'proposal', 'checker.manual.fix.proposal'],
    ['Demo held', 'demo', 'checker.manual.fix.demo'],
  ])('suggests a structured criterion for the manual criterion "%s"', (label, suggestion, fixKey) => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[1]!.goal.push({ kind: 'manual', id: 'm1', label });
    const findings = checkPlaybook(book);
    expect(kinds(findings)).toEqual(['manualCriterion pipelines[0].stages[1].goal[1].label']);
    expect(findings[0]).toMatchObject({ severity: 'info', key: 'checker.manual', fixKey, params: { label, suggestion } });
  });

  it('leaves a manual criterion alone when nothing structured can check it', () => {
    expect(suggestStructured('Champion identified')).toBeNull();
  });

  it('orders errors before warnings before suggestions', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[0]!.name = 'Maybe';
    book.pipelines[0]!.stages[1]!.goal.push({ kind: 'manual', id: 'm1', label: 'Owner set' });
    book.pipelines[0]!.stages[2]!.aliases.pipedrive.push('Qualified');
    expect(checkPlaybook(book).map((f) => f.severity)).toEqual(['error', 'warning', 'info']);
  });

  it('survives garbage drafts', () => {
    expect(checkPlaybook({} as never)).toEqual([]);
    expect(checkPlaybook({ pipelines: [null, { stages: [null, 7, { name: 42, tasks: 'x', goal: {} }] }] } as never).map((f) => f.kind)).toEqual(['noExitCriterion', 'emptyStage']);
  });

  it('every finding says why and how to fix it, in every language', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[0]!.name = 'Hot';
    const [finding] = checkPlaybook(book);
    for (const key of [finding!.key, finding!.fixKey]) expect(Object.keys(ENGLISH)).toContain(key);
    expect(createTranslator('sv')(finding!.key, finding!.params)).toContain('"Hot"');
  });
});

describe('overlapping aliases', () => {
  it('an alias equal to another stage’s name is a deliberate re-mapping (aliases win), not a clash', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[0]!.aliases.hubspot.push('Proposal-made!');
    book.pipelines[0]!.stages[1]!.aliases.salesforce.push('demo HELD');
    expect(checkPlaybook(book)).toEqual([]);
  });

  it('matches labels the way stage matching does (punctuation-insensitive)', () => {
    const book = clone(samplePlaybook());
    book.pipelines[0]!.stages[2]!.aliases.pipedrive.push('Demo-scheduled.');
    expect(kinds(checkPlaybook(book))).toEqual(['duplicateAlias pipelines[0].stages[2].aliases.pipedrive[1]']);
  });

  it('the shipped templates pass their own check without errors', async () => {
    const { TEMPLATES } = await import('@/lib/playbook/templates');
    for (const template of TEMPLATES) {
      expect(checkPlaybook(template.build(new Date())).filter((f) => f.severity === 'error'), template.id).toEqual([]);
    }
  });
});
