import { withTemplateScripts } from './template-scripts';
import { playbookSchema, type Playbook, type PlaybookInput, type Qualification } from '../model/playbook.schema';

// Shipped playbooks. A new install starts with the buyer-centric one, so a rep sees useful guidance
// on the first deal page. Stage names say what the buyer did (verifiable), not what the seller
// hopes. Aliases map the default stage names of each CRM: every default label maps to one stage.
// Guidance is the team's own editable content, written here in English.

export const DEFAULT_TEMPLATE_ID = 'buyer-centric';

/** Qualification checklists that can be laid over any stage. */
export const QUALIFICATIONS: Qualification[] = [
  {
    id: 'bant',
    name: 'BANT',
    items: [
      { id: 'budget', title: 'Budget', hint: 'Is money set aside for this, and how much?' },
      { id: 'authority', title: 'Authority', hint: 'Who signs, and have you spoken with them?' },
      { id: 'need', title: 'Need', hint: 'Which problem does the buyer need solved, in their words?' },
      { id: 'timeline', title: 'Timeline', hint: 'By when must it be solved, and why then?' },
    ],
  },
  {
    id: 'meddicc',
    name: 'MEDDICC',
    items: [
      { id: 'metrics', title: 'Metrics', hint: 'The measurable gain the buyer expects.' },
      { id: 'economic-buyer', title: 'Economic buyer', hint: 'The person who can release the money.' },
      { id: 'decision-criteria', title: 'Decision criteria', hint: 'How they will compare the options.' },
      { id: 'decision-process', title: 'Decision process', hint: 'Steps, people and dates until signature.' },
      { id: 'identify-pain', title: 'Identify pain', hint: 'The business pain and its cost of doing nothing.' },
      { id: 'champion', title: 'Champion', hint: 'Who sells for you when you are not in the room?' },
      { id: 'competition', title: 'Competition', hint: 'Who else is considered, including doing nothing.' },
    ],
  },
  {
    id: 'spiced',
    name: 'SPICED',
    items: [
      { id: 'situation', title: 'Situation', hint: 'Facts about the buyer today.' },
      { id: 'pain', title: 'Pain', hint: 'What is not working, and for whom.' },
      { id: 'impact', title: 'Impact', hint: 'What solving it is worth, in their numbers.' },
      { id: 'critical-event', title: 'Critical event', hint: 'The date that forces a decision.' },
      { id: 'decision', title: 'Decision', hint: 'Who decides, how, and on what criteria.' },
    ],
  },
];

const noAliases = { pipedrive: [], hubspot: [], salesforce: [] };

function buyerCentric(now: Date): PlaybookInput {
  return {
    id: 'buyer-centric',
    name: 'B2B sales process (buyer-centric)',
    updatedAt: now.toISOString(),
    qualifications: QUALIFICATIONS,
    pipelines: [
      {
        id: 'new-business',
        name: 'New business',
        aliases: { pipedrive: ['Sales pipeline', 'Pipeline'], hubspot: ['Sales Pipeline'], salesforce: [] },
        stages: [
          {
            id: 'discovery-booked',
            name: 'Discovery call booked',
            aliases: { pipedrive: ['Qualified'], hubspot: ['Appointment scheduled'], salesforce: ['Prospecting'] },
            guidance: [
              'The buyer agreed to a first conversation. **Use it to learn, not to pitch**: find out whether there is a problem worth solving together.',
              '',
              'Before the call:',
              '- Research the company and the person: role, recent news, likely priorities.',
              '- Prepare **three open questions** about their situation and what they want to change.',
              '- Send a short agenda the day before, so they arrive with their own goals.',
              '',
              'On the call, listen more than you talk ([active listening](https://en.wikipedia.org/wiki/Active_listening)) and **agree the next step before you hang up**.',
            ].join('\n'),
            goal: [{ kind: 'activity', activityType: 'meeting' }, { kind: 'field', field: 'owner' }],
            tasks: [
              { id: 'research-account', title: 'Research the account and the contact', dueDays: 1, required: true, evidence: null },
              { id: 'send-agenda', title: 'Send the meeting agenda', dueDays: 2, required: false, evidence: { activityType: 'email' } },
              { id: 'hold-discovery', title: 'Hold the discovery call', dueDays: 5, required: true, evidence: { activityType: 'meeting' } },
            ],
            qualifications: [],
            rotDays: 7,
            probability: 0.1,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'qualified',
            name: 'Qualified',
            aliases: { pipedrive: ['Contact Made'], hubspot: ['Qualified to buy'], salesforce: ['Qualification', 'Needs Analysis'] },
            guidance: [
              'The buyer confirmed a problem worth solving and how they will decide. Qualify hard now: a deal that should not be in the pipeline costs more later than it does today.',
              '',
              '- Write down the pain **in the buyer’s words** and what it costs them today.',
              '- Find out who else is involved and **who signs**.',
              '- Work through the BANT checklist: an unknown is a question for the next call, not a guess.',
              '- Agree on the demo date and who attends before you hang up.',
              '',
              'No budget, no authority and no timeline? Say so, and close the deal as lost or nurture it.',
            ].join('\n'),
            goal: [{ kind: 'requiredTasks' }, { kind: 'field', field: 'value' }, { kind: 'field', field: 'closeDate' }],
            tasks: [
              { id: 'confirm-pain', title: 'Confirm the pain and its cost', dueDays: 3, required: true, evidence: null },
              { id: 'map-stakeholders', title: 'Map the people involved and who signs', dueDays: 5, required: true, evidence: null },
              { id: 'book-demo', title: 'Book the demo with the decision makers', dueDays: 7, required: false, evidence: { activityType: 'meeting' } },
            ],
            qualifications: ['bant'],
            rotDays: 14,
            probability: 0.2,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'demo-completed',
            name: 'Demo completed',
            aliases: { pipedrive: ['Demo Scheduled'], hubspot: ['Presentation scheduled'], salesforce: ['Value Proposition', 'Id. Decision Makers'] },
            guidance: [
              'The buyer saw how their problem gets solved. **Show their case, not every feature.**',
              '',
              '1. Open with the pain they described and the result they want.',
              '2. Show only the two or three workflows that matter to them.',
              '3. Close by agreeing the **decision process**: steps, people, dates.',
              '',
              'Send the recap within a day: what they saw, what they said, what happens next.',
            ].join('\n'),
            goal: [{ kind: 'activity', activityType: 'demo' }, { kind: 'requiredTasks' }],
            tasks: [
              { id: 'run-demo', title: 'Run the tailored demo', dueDays: 3, required: true, evidence: { activityType: 'demo' } },
              { id: 'map-decision-process', title: 'Map the decision process', dueDays: 5, required: true, evidence: null },
              { id: 'send-recap', title: 'Send a recap with agreed next steps', dueDays: 2, required: false, evidence: { activityType: 'email' } },
            ],
            qualifications: ['meddicc'],
            rotDays: 14,
            probability: 0.4,
            forecastCategory: 'bestCase',
            outcome: null,
          },
          {
            id: 'proposal-sent',
            name: 'Proposal sent',
            aliases: { pipedrive: ['Proposal Made'], hubspot: ['Decision maker bought-in'], salesforce: ['Perception Analysis', 'Proposal/Price Quote'] },
            guidance: [
              'The buyer has your proposal. **Make it easy to say yes.**',
              '',
              '- Tie every line of the proposal to a result the buyer asked for.',
              '- Walk the decision maker through it live rather than only emailing it.',
              '- Agree a **decision date**, put it in the close date, and follow up on that date.',
              '',
              'Silence after a proposal is a signal: call, don’t just send another email.',
            ].join('\n'),
            goal: [{ kind: 'activity', activityType: 'proposal' }, { kind: 'closeDateNotPast' }, { kind: 'manual', id: 'proposal-reviewed', label: 'The buyer reviewed the proposal with us' }],
            tasks: [
              { id: 'send-proposal', title: 'Send the proposal', dueDays: 1, required: true, evidence: { activityType: 'proposal' } },
              { id: 'review-proposal', title: 'Review the proposal with the decision maker', dueDays: 5, required: true, evidence: { activityType: 'meeting' } },
              { id: 'follow-up', title: 'Follow up on the decision date', dueDays: 10, required: false, evidence: { activityType: 'call' } },
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.6,
            forecastCategory: 'bestCase',
            outcome: null,
          },
          {
            id: 'contract-sent',
            name: 'Contract sent',
            aliases: { pipedrive: ['Negotiations Started'], hubspot: ['Contract sent'], salesforce: ['Negotiation/Review'] },
            guidance: [
              'The buyer asked for the contract. **Remove every obstacle to signature.**',
              '',
              '- Confirm who signs and whether legal or procurement must review it.',
              '- Keep concessions tied to something in return (term, volume, date).',
              '- Plan the kickoff now, so the buyer sees life after signature.',
              '',
              'Keep the close date honest: if the signature slips, move the date and note why.',
            ].join('\n'),
            goal: [{ kind: 'requiredTasks' }, { kind: 'closeDateNotPast' }],
            tasks: [
              { id: 'send-contract', title: 'Send the contract', dueDays: 1, required: true, evidence: { activityType: 'email' } },
              { id: 'confirm-signer', title: 'Confirm the signer and the review steps', dueDays: 3, required: true, evidence: null },
              { id: 'plan-kickoff', title: 'Plan the kickoff with the buyer', dueDays: 7, required: false, evidence: { activityType: 'meeting' } },
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.8,
            forecastCategory: 'commit',
            outcome: null,
          },
          {
            id: 'won',
            name: 'Won',
            aliases: { pipedrive: [], hubspot: ['Closed won'], salesforce: ['Closed Won'] },
            guidance: 'Thank the buyer, hand over to onboarding with everything you learned, and ask for a referral once they see value.',
            goal: [],
            tasks: [],
            qualifications: [],
            rotDays: null,
            probability: 1,
            forecastCategory: 'closed',
            outcome: 'won',
          },
          {
            id: 'lost',
            name: 'Lost',
            aliases: { pipedrive: [], hubspot: ['Closed lost'], salesforce: ['Closed Lost'] },
            guidance: 'Record the real reason the buyer gave, and agree when to check in again.',
            goal: [],
            tasks: [],
            qualifications: [],
            rotDays: null,
            probability: 0,
            forecastCategory: 'omitted',
            outcome: 'lost',
          },
        ],
      },
    ],
  };
}

function simple(now: Date): PlaybookInput {
  return {
    id: 'simple',
    name: 'Simple sales process',
    updatedAt: now.toISOString(),
    qualifications: QUALIFICATIONS,
    pipelines: [
      {
        id: 'sales',
        name: 'Sales',
        aliases: { pipedrive: ['Sales pipeline', 'Pipeline'], hubspot: ['Sales Pipeline'], salesforce: [] },
        stages: [
          {
            id: 'meeting-booked',
            name: 'Meeting booked',
            aliases: { pipedrive: ['Qualified', 'Contact Made'], hubspot: ['Appointment scheduled', 'Qualified to buy'], salesforce: ['Prospecting', 'Qualification', 'Needs Analysis'] },
            guidance: [
              'The buyer agreed to meet. Prepare so the meeting is about **their** goals:',
              '- What do they want to change, and why now?',
              '- Who else should be in the room?',
              '- What would make a good next step?',
            ].join('\n'),
            goal: [{ kind: 'activity', activityType: 'meeting' }],
            tasks: [
              { id: 'prepare-meeting', title: 'Prepare the meeting', dueDays: 1, required: false, evidence: null },
              { id: 'hold-meeting', title: 'Hold the meeting', dueDays: 5, required: true, evidence: { activityType: 'meeting' } },
            ],
            qualifications: ['bant'],
            rotDays: 7,
            probability: 0.1,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'follow-up-meeting',
            name: 'Follow-up meeting',
            aliases: { pipedrive: ['Demo Scheduled'], hubspot: ['Presentation scheduled'], salesforce: ['Value Proposition', 'Id. Decision Makers', 'Perception Analysis'] },
            guidance: [
              'Show how you solve what the buyer told you in the first meeting, not everything you can do.',
              '',
              'Before you leave, **agree what the quote must contain** (scope, volume, start date) and when they will decide.',
            ].join('\n'),
            goal: [{ kind: 'requiredTasks' }],
            tasks: [
              { id: 'hold-follow-up', title: 'Hold the follow-up meeting', dueDays: 7, required: true, evidence: { activityType: 'meeting' } },
              { id: 'agree-quote-scope', title: 'Agree what the quote must cover', dueDays: 7, required: true, evidence: null },
            ],
            qualifications: ['spiced'],
            rotDays: 14,
            probability: 0.3,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'quote-sent',
            name: 'Quote sent',
            aliases: { pipedrive: ['Proposal Made'], hubspot: ['Decision maker bought-in'], salesforce: ['Proposal/Price Quote'] },
            guidance: [
              'Send the quote, then **call within two days** to walk through it.',
              '- Check each line against what the buyer asked for.',
              '- Ask what could stop them from saying yes.',
            ].join('\n'),
            goal: [{ kind: 'activity', activityType: 'proposal' }, { kind: 'field', field: 'value' }],
            tasks: [
              { id: 'send-quote', title: 'Send the quote', dueDays: 1, required: true, evidence: { activityType: 'proposal' } },
              { id: 'walk-through-quote', title: 'Call to walk through the quote', dueDays: 3, required: false, evidence: { activityType: 'call' } },
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.5,
            forecastCategory: 'bestCase',
            outcome: null,
          },
          {
            id: 'negotiation',
            name: 'Negotiation',
            aliases: { pipedrive: ['Negotiations Started'], hubspot: ['Contract sent'], salesforce: ['Negotiation/Review'] },
            guidance: [
              '**Trade, don’t give**: every concession gets something in return (term, volume, date).',
              '',
              'Confirm who signs and when, and keep the close date up to date.',
            ].join('\n'),
            goal: [{ kind: 'closeDateNotPast' }, { kind: 'field', field: 'closeDate' }],
            tasks: [
              { id: 'confirm-signer', title: 'Confirm who signs and when', dueDays: 3, required: true, evidence: null },
              { id: 'send-contract', title: 'Send the contract or order form', dueDays: 5, required: false, evidence: { activityType: 'email' } },
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.8,
            forecastCategory: 'commit',
            outcome: null,
          },
          { id: 'won', name: 'Won', aliases: { pipedrive: [], hubspot: ['Closed won'], salesforce: ['Closed Won'] }, guidance: 'Thank the buyer and hand over everything you learned.', goal: [], tasks: [], qualifications: [], rotDays: null, probability: 1, forecastCategory: 'closed', outcome: 'won' },
          { id: 'lost', name: 'Lost', aliases: { pipedrive: [], hubspot: ['Closed lost'], salesforce: ['Closed Lost'] }, guidance: 'Record the real reason, and agree when to check in again.', goal: [], tasks: [], qualifications: [], rotDays: null, probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
        ],
      },
    ],
  };
}

export interface PlaybookTemplate {
  id: string;
  /** i18n key of the template's name in the picker. */
  nameKey: string;
  /** i18n key of a one-line description in the picker. */
  descriptionKey: string;
  build(now: Date): Playbook;
}

export const TEMPLATES: readonly PlaybookTemplate[] = [
  { id: 'buyer-centric', nameKey: 'template.buyerCentric.name', descriptionKey: 'template.buyerCentric.description', build: (now) => playbookSchema.parse(withTemplateScripts('buyer-centric', buyerCentric(now))) },
  { id: 'simple', nameKey: 'template.simple.name', descriptionKey: 'template.simple.description', build: (now) => playbookSchema.parse(withTemplateScripts('simple', simple(now))) },
];

/** A one-stage playbook to build from scratch. */
export function blankPlaybook(now: Date): Playbook {
  return playbookSchema.parse({
    id: 'team-playbook',
    name: 'Team playbook',
    updatedAt: now.toISOString(),
    qualifications: QUALIFICATIONS,
    pipelines: [{ id: 'sales', name: 'Sales', aliases: noAliases, stages: [{ id: 'first-stage', name: 'First meeting held', aliases: noAliases }] }],
  });
}
