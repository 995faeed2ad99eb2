import { describe, expect, it } from 'vitest';
import { playbookSchema } from '@/lib/model/playbook.schema';
import { blankPlaybook, DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';
import { matchStage } from '@/lib/playbook/match';

const now = new Date('2026-11-20T10:00:00Z');
const DEFAULT_STAGES = {
  pipedrive: ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'],
  hubspot: ['Appointment scheduled', 'Qualified to buy', 'Presentation scheduled', 'Decision maker bought-in', 'Contract sent', 'Closed won', 'Closed lost'],
  salesforce: ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
} as const;

describe('shipped templates', () => {
  it('the default is the buyer-centric process', () => {
    const template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!;
    const stages = template.build(now).pipelines[0]!.stages.map((s) => s.name);
    expect(stages).toEqual(['Discovery call booked', 'Qualified', 'Demo completed', 'Proposal sent', 'Contract sent', 'Won', 'Lost']);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s is a valid playbook with at most five tasks a stage', (_id, template) => {
    const playbook = template.build(now);
    expect(playbookSchema.safeParse(playbook).success).toBe(true);
    for (const stage of playbook.pipelines[0]!.stages) expect(stage.tasks.length).toBeLessThanOrEqual(5);
    expect(playbook.qualifications.map((q) => q.name)).toEqual(['BANT', 'MEDDICC', 'SPICED']);
  });

  it.each(TEMPLATES.flatMap((t) => Object.entries(DEFAULT_STAGES).map(([crm, labels]) => [t.id, crm, labels, t] as const)))(
    '%s maps every default %s stage to exactly one stage',
    (_id, crm, labels, template) => {
      const playbook = template.build(now);
      for (const label of labels) {
        // A CRM alias beats a stage's own name (Pipedrive's first stage is called "Qualified").
        const stages = playbook.pipelines[0]!.stages;
        const byAlias = stages.filter((s) => s.aliases[crm as 'hubspot'].some((a) => a.toLowerCase() === label.toLowerCase()));
        const owners = byAlias.length ? byAlias : stages.filter((s) => s.name.toLowerCase() === label.toLowerCase());
        expect(owners.length, label).toBe(1);
        expect(matchStage(playbook, crm as 'hubspot', 'acme', null, label, {})?.stage.id).toBe(owners[0]!.id);
      }
    },
  );

  it('a blank playbook is valid', () => {
    expect(playbookSchema.safeParse(blankPlaybook(now)).success).toBe(true);
  });
});
