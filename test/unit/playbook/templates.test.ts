import { describe, expect, it } from 'vitest';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';
import { CRM_IDS, type CrmId } from '@/lib/model/deal';
import { blankPlaybook, DEFAULT_TEMPLATE_ID, QUALIFICATIONS, TEMPLATES } from '@/lib/playbook/templates';
import { matchStage, normalizeLabel } from '@/lib/playbook/match';
import { parseGuidance } from '@/lib/playbook/guidance';

const now = new Date('2026-11-20T10:00:00Z');
const DEFAULT_STAGES: Record<CrmId, readonly string[]> = {
  pipedrive: ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'],
  hubspot: ['Appointment scheduled', 'Qualified to buy', 'Presentation scheduled', 'Decision maker bought-in', 'Contract sent', 'Closed won', 'Closed lost'],
  salesforce: ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
};
const byId = (id: string) => TEMPLATES.find((t) => t.id === id)!.build(now);
const stageOf = (book: Playbook, id: string) => book.pipelines[0]!.stages.find((s) => s.id === id)!;

describe('shipped templates', () => {
  it('the default is the buyer-centric process', () => {
    expect(TEMPLATES.map((t) => t.id)).toContain(DEFAULT_TEMPLATE_ID);
    expect(byId(DEFAULT_TEMPLATE_ID).pipelines[0]!.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['Discovery call booked', null], ['Qualified', null], ['Demo completed', null], ['Proposal sent', null], ['Contract sent', null], ['Won', 'won'], ['Lost', 'lost'],
    ]);
  });

  it('the simple process', () => {
    expect(byId('simple').pipelines[0]!.stages.map((s) => [s.name, s.outcome])).toEqual([
      ['Meeting booked', null], ['Follow-up meeting', null], ['Quote sent', null], ['Negotiation', null], ['Won', 'won'], ['Lost', 'lost'],
    ]);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s parses through playbookSchema unchanged', (_id, template) => {
    const book = template.build(now);
    const parsed = playbookSchema.safeParse(book);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual(book);
    expect(book.updatedAt).toBe(now.toISOString());
    expect(JSON.parse(JSON.stringify(book))).toEqual(book); // storable and exportable as is
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: every working stage is actionable', (_id, template) => {
    const stages = template.build(now).pipelines[0]!.stages;
    const working = stages.filter((s) => s.outcome === null);
    for (const stage of working) {
      expect(stage.tasks.length, stage.id).toBeGreaterThanOrEqual(template.id === 'buyer-centric' ? 3 : 1);
      expect(stage.tasks.length, stage.id).toBeLessThanOrEqual(5);
      expect(stage.tasks.some((t) => t.required), stage.id).toBe(true);
      expect(stage.goal.length, stage.id).toBeGreaterThan(0);
      expect(stage.rotDays, stage.id).not.toBeNull();
      expect(stage.guidance.length, stage.id).toBeGreaterThan(40);
      expect(parseGuidance(stage.guidance).length, stage.id).toBeGreaterThan(0);
      for (const id of stage.qualifications) expect(QUALIFICATIONS.map((q) => q.id)).toContain(id);
    }
    // Probability grows along the way; terminal stages close at 1 and 0.
    const probabilities = working.map((s) => s.probability);
    expect([...probabilities].sort((a, b) => a - b)).toEqual(probabilities);
    expect(stages.filter((s) => s.outcome !== null).map((s) => [s.outcome, s.probability, s.forecastCategory, s.tasks.length])).toEqual([['won', 1, 'closed', 0], ['lost', 0, 'omitted', 0]]);
  });

  it('buyer-centric guidance is formatted: lists, bold, one https link', () => {
    const stages = byId('buyer-centric').pipelines[0]!.stages.filter((s) => s.outcome === null);
    const json = JSON.stringify(stages.map((s) => parseGuidance(s.guidance)));
    expect(json).toContain('"kind":"list"');
    expect(json).toContain('"kind":"bold"');
    expect(json.match(/"kind":"link","href":"https:\/\//g)).toHaveLength(1);
    for (const stage of stages) expect(stage.guidance.length, stage.id).toBeLessThan(1200); // concise
  });

  it('key tasks carry the evidence that ticks them', () => {
    const book = byId('buyer-centric');
    const evidence = (stageId: string, taskId: string) => stageOf(book, stageId).tasks.find((t) => t.id === taskId)!;
    expect(evidence('proposal-sent', 'send-proposal')).toMatchObject({ required: true, evidence: { activityType: 'proposal' } });
    expect(evidence('demo-completed', 'run-demo')).toMatchObject({ required: true, evidence: { activityType: 'demo' } });
    expect(evidence('discovery-booked', 'hold-discovery')).toMatchObject({ required: true, evidence: { activityType: 'meeting' } });
    expect(stageOf(book, 'proposal-sent').goal).toContainEqual({ kind: 'manual', id: 'proposal-reviewed', label: 'The buyer reviewed the proposal with us' });
  });

  it('both templates ship BANT, MEDDICC and SPICED, laid over stages', () => {
    for (const template of TEMPLATES) {
      const book = template.build(now);
      expect(book.qualifications.map((q) => q.name)).toEqual(['BANT', 'MEDDICC', 'SPICED']);
      for (const q of book.qualifications) for (const item of q.items) expect(item.hint, `${q.id}.${item.id}`).not.toBe('');
      expect(book.pipelines[0]!.stages.flatMap((s) => s.qualifications).length, template.id).toBeGreaterThan(0);
    }
    expect(stageOf(byId('buyer-centric'), 'qualified').qualifications).toEqual(['bant']);
  });

  it.each(TEMPLATES.flatMap((t) => CRM_IDS.map((crm) => [t.id, crm, t] as const)))('%s maps every default %s stage to exactly one stage', (_id, crm, template) => {
    const book = template.build(now);
    const stages = book.pipelines[0]!.stages;
    for (const label of DEFAULT_STAGES[crm]) {
      // A CRM alias beats a stage's own name (Pipedrive's first stage is called "Qualified").
      const byAlias = stages.filter((s) => s.aliases[crm].some((a) => normalizeLabel(a) === normalizeLabel(label)));
      const owners = byAlias.length ? byAlias : stages.filter((s) => normalizeLabel(s.name) === normalizeLabel(label));
      expect(owners.map((s) => s.id), `${crm}: ${label}`).toHaveLength(1);
      expect(matchStage(book, crm, 'acme', null, label, {})?.stage.id, `${crm}: ${label}`).toBe(owners[0]!.id);
    }
    // Won/lost labels land on the terminal stages.
    if (crm !== 'pipedrive') {
      expect(matchStage(book, crm, 'acme', null, crm === 'hubspot' ? 'Closed won' : 'Closed Won', {})?.stage.outcome).toBe('won');
      expect(matchStage(book, crm, 'acme', null, crm === 'hubspot' ? 'Closed lost' : 'Closed Lost', {})?.stage.outcome).toBe('lost');
    }
  });

  it('template names and descriptions are i18n keys', () => {
    for (const template of TEMPLATES) {
      expect(template.nameKey).toMatch(/^template\.\w+\.name$/);
      expect(template.descriptionKey).toMatch(/^template\.\w+\.description$/);
    }
  });

  it('building twice gives independent objects', () => {
    const a = byId('buyer-centric');
    a.pipelines[0]!.stages[0]!.tasks.pop();
    a.qualifications[0]!.items.pop();
    expect(byId('buyer-centric').pipelines[0]!.stages[0]!.tasks).toHaveLength(3);
    expect(byId('buyer-centric').qualifications[0]!.items).toHaveLength(4);
  });

  it('a blank playbook is valid', () => {
    const blank = blankPlaybook(now);
    expect(playbookSchema.safeParse(blank).success).toBe(true);
    expect(blank.updatedAt).toBe(now.toISOString());
    expect(blank.pipelines[0]!.stages).toHaveLength(1);
  });
});
