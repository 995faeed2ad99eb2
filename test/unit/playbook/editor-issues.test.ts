import { describe, expect, it } from 'vitest';
import { createTranslator } from '@/lib/i18n';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';
import type { Locale } from '@/lib/model/settings.schema';
import { editorIssues } from '@/lib/playbook/editor-issues';
import { samplePlaybook } from '../options/fixtures';

// Every validation message of the playbook editor, in every language: it names the field as the
// editor labels it and says what is wrong there in the reader's words — no zod English, no path.

const LOCALES: Locale[] = ['en', 'sv', 'nb', 'nl', 'it'];

/** A draft with something wrong in every field the editor has (as a manager could leave it). */
function brokenDraft(): Playbook {
  const book = structuredClone(samplePlaybook());
  const pipeline = book.pipelines[0]!;
  book.name = '';
  pipeline.name = ' ';
  pipeline.aliases.hubspot = [''];
  const stage = pipeline.stages[0]!;
  stage.name = '';
  stage.aliases.salesforce = ['x'.repeat(201)];
  stage.guidance = 'x'.repeat(20_001);
  stage.rotDays = 0;
  stage.probability = 1.5;
  stage.tasks = [
    { id: 'a', title: '', dueDays: Number.NaN, required: true, evidence: null },
    { id: 'a', title: 'Twice', dueDays: 1.5, required: false, evidence: null },
  ];
  stage.goal = [{ kind: 'manual', id: 'check', label: '' }];
  stage.qualifications = ['nowhere'];
  stage.scripts = [{ id: 's1', kind: 'email', title: '', subject: 'x'.repeat(201), body: 'Hello', ticksTask: 'missing-task' }];
  pipeline.stages[1]!.rotDays = -3;
  pipeline.stages[1]!.tasks[0]!.dueDays = 400;
  return book;
}

const parsed = playbookSchema.safeParse(brokenDraft());
const issues = parsed.success ? [] : parsed.error.issues;
const zodWords = new Set(issues.map((issue) => issue.message));
const say = (locale: Locale) => editorIssues(issues, brokenDraft(), createTranslator(locale), locale);

describe('the playbook editor’s validation messages', () => {
  it('the broken draft breaks every kind of field', () => {
    expect(issues.length).toBeGreaterThanOrEqual(15);
  });

  it('English: each names the field as the editor labels it and what is wrong', () => {
    expect(Object.fromEntries(say('en').map((issue) => [issue.path, issue.text]))).toEqual({
      name: 'Playbook name: must not be empty',
      'pipelines[0].name': 'Pipeline name: must not be empty',
      'pipelines[0].aliases.hubspot[0]': 'Names of this pipeline in your CRM › HubSpot: must not be empty',
      'pipelines[0].stages[0].name': 'Stage name: must not be empty',
      'pipelines[0].stages[0].aliases.salesforce[0]': 'Names of this stage in your CRM › Salesforce: must have at most 200 characters',
      'pipelines[0].stages[0].guidance': 'Guidance for reps: must have at most 20,000 characters',
      'pipelines[0].stages[0].goal[0].label': 'Criterion 1 › What the rep confirms: must not be empty',
      'pipelines[0].stages[0].tasks[0].title': 'Task 1: must not be empty',
      'pipelines[0].stages[0].tasks[0].dueDays': 'Task 1 › Due after (days in stage): missing: expected a number',
      'pipelines[0].stages[0].tasks[1].dueDays': 'Task 2 › Due after (days in stage): expected a whole number',
      'pipelines[0].stages[0].scripts[0].title': 'Title of script 1: must not be empty',
      'pipelines[0].stages[0].scripts[0].subject': 'Script 1 › Subject: must have at most 200 characters',
      'pipelines[0].stages[0].rotDays': 'Stalled after (days): must be at least 1',
      'pipelines[0].stages[0].probability': 'Win probability (%): expected a number from 0 to 100',
      'pipelines[0].stages[1].rotDays': 'Stalled after (days): must be at least 1',
      'pipelines[0].stages[1].tasks[0].dueDays': 'Task 1 › Due after (days in stage): must be at most 365',
    });
  });

  it('the save status says where: the stage and its pipeline', () => {
    const status = Object.fromEntries(say('sv').map((issue) => [issue.path, issue.full]));
    expect(status['pipelines[0].stages[1].rotDays']).toBe('Steg 2 i pipelinen ”1” — Står still efter (dagar): måste vara minst 1'); // a pipeline without a name: its number
    expect(status.name).toBe(say('sv').find((issue) => issue.path === 'name')!.text); // the playbook itself: no place
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s: every message in its own words — none the English one, no zod text, no path, no placeholder', (locale) => {
    const english = say('en');
    const texts = say(locale);
    expect(texts.map((issue) => issue.path)).toEqual(english.map((issue) => issue.path));
    texts.forEach((issue, i) => {
      for (const text of [issue.text, issue.full]) {
        expect(text, issue.path).not.toMatch(/[{}]|pipelines\[|stages\[/);
        for (const words of zodWords) expect(text, issue.path).not.toContain(words);
      }
      expect(issue.text, issue.path).not.toBe(english[i]!.text);
    });
  });

  it('the cross-checks too: a task id twice, an unknown qualification checklist, a script ticking an unknown task', () => {
    const book = structuredClone(samplePlaybook());
    const stage = book.pipelines[0]!.stages[0]!;
    stage.tasks = [...stage.tasks, { ...stage.tasks[0]!, title: 'Twice' }];
    stage.qualifications = ['nowhere'];
    stage.scripts = [{ id: 's1', kind: 'call', title: 'Opener', subject: '', body: 'Hello', ticksTask: 'missing-task' }];
    const refused = playbookSchema.safeParse(book);
    const texts = (locale: Locale) => editorIssues(refused.error!.issues, book, createTranslator(locale), locale).map((issue) => issue.full);
    expect(texts('en')).toEqual([
      'Stage 1 of pipeline “New business” — Task 2: duplicate id “discovery”',
      'Stage 1 of pipeline “New business” — Script 1 › Using it ticks: unknown key task “missing-task”',
      'Stage 1 of pipeline “New business” — Qualification checklists: unknown qualification checklist “nowhere”',
    ]);
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      texts(locale).forEach((text, i) => {
        expect(text).not.toBe(texts('en')[i]);
        for (const issue of refused.error!.issues) expect(text).not.toContain(issue.message);
      });
    }
  });

  it.each([
    ['sv', 'Uppgift 2 › '],
    ['nb', 'Oppgave 2 › '],
    ['nl', 'Taak 2 › '],
    ['it', 'Attività 2 › '],
  ] as const)('%s: a task’s due days is named as the editor names it', (locale, start) => {
    expect(say(locale).find((issue) => issue.path === 'pipelines[0].stages[0].tasks[1].dueDays')!.text.startsWith(start)).toBe(true);
  });
});
