import { playbookSchema, type Playbook, type PlaybookInput } from '@/lib/model/playbook.schema';

// A small, valid playbook for the options, import and checker tests (independent of the shipped
// templates, so those can change freely).
export function samplePlaybook(overrides: Partial<PlaybookInput> = {}): Playbook {
  return playbookSchema.parse({
    id: 'team-process',
    name: 'Team process',
    updatedAt: '2025-03-01T09:00:00.000Z',
    pipelines: [
      {
        id: 'new-business',
        name: 'New business',
        aliases: { pipedrive: ['Sales pipeline'] },
        stages: [
          {
            id: 'qualified',
            name: 'Qualified',
            aliases: { pipedrive: ['Qualified'], hubspot: ['Appointment scheduled'] },
            guidance: 'Confirm **budget** and the decision maker.',
            goal: [{ kind: 'requiredTasks' }],
            tasks: [
              { id: 'discovery', title: 'Discovery call', dueDays: 3, required: true, evidence: { activityType: 'call' } },
            ],
            rotDays: 14,
            probability: 0.1,
          },
          {
            id: 'demo',
            name: 'Demo held',
            aliases: { pipedrive: ['Demo Scheduled'] },
            guidance: 'Show the three workflows the buyer named.',
            goal: [{ kind: 'activity', activityType: 'demo' }],
            tasks: [{ id: 'demo', title: 'Run the demo', dueDays: 7, required: true, evidence: { activityType: 'demo' } }],
            probability: 0.3,
          },
          {
            id: 'proposal',
            name: 'Proposal made',
            aliases: { pipedrive: ['Proposal Made'] },
            guidance: 'Send the proposal within two days.',
            goal: [{ kind: 'field', field: 'closeDate' }],
            tasks: [
              { id: 'send', title: 'Send proposal', dueDays: 2, required: true, evidence: { activityType: 'proposal' } },
              { id: 'follow-up', title: 'Follow up', dueDays: 5 },
            ],
            probability: 0.6,
            forecastCategory: 'bestCase',
          },
          { id: 'won', name: 'Won', outcome: 'won', probability: 1, forecastCategory: 'closed' },
        ],
      },
    ],
    ...overrides,
  });
}

export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
