import { buyerCentricScripts, simpleScripts, withTemplateScripts } from './template-scripts';
import { TEMPLATE_TEXTS, type TemplateTexts } from './template-texts';
import type { CrmDefaultStage } from './template-texts/crm-stages';
import { createTranslator } from '../i18n';
import type { ActivityType } from '../model/activity';
import type { CrmId } from '../model/deal';
import { playbookSchema, type Aliases, type Playbook, type PlaybookInput, type Qualification } from '../model/playbook.schema';
import type { Locale } from '../model/settings.schema';

// Shipped playbooks. A new install starts with the buyer-centric one, so a rep sees useful guidance
// on the first deal page. Stage names say what the buyer did (verifiable), not what the seller
// hopes. Aliases map the default stage names of each CRM: every default label maps to one stage.
// Guidance is the team's own editable content, written here in the manager's language (texts in
// template-texts/); ids of pipelines, stages, tasks and criteria are the same in every language, so
// history, checklists and evidence keep matching whichever language a template was built in.

export const DEFAULT_TEMPLATE_ID = 'buyer-centric';

/** The qualification checklists that can be laid over any stage, in a language (ids and acronyms the same in all). */
export function qualificationsIn(locale: Locale): Qualification[] {
  const q = TEMPLATE_TEXTS[locale].common.qualifications;
  const items = <K extends string>(texts: Record<K, { title: string; hint: string }>, ids: readonly K[]) => ids.map((id) => ({ id, ...texts[id] }));
  return [
    { id: 'bant', name: 'BANT', items: items(q.bant, ['budget', 'authority', 'need', 'timeline']) },
    { id: 'meddicc', name: 'MEDDICC', items: items(q.meddicc, ['metrics', 'economic-buyer', 'decision-criteria', 'decision-process', 'identify-pain', 'champion', 'competition']) },
    { id: 'spiced', name: 'SPICED', items: items(q.spiced, ['situation', 'pain', 'impact', 'critical-event', 'decision']) },
  ];
}

/** Qualification checklists in English. */
export const QUALIFICATIONS: Qualification[] = qualificationsIn('en');

const noAliases = { pipedrive: [], hubspot: [], salesforce: [] };
const lines = (guidance: readonly string[]) => guidance.join('\n');

type DefaultLabels = { [C in CrmId]: readonly CrmDefaultStage<C>[] };

/** A stage's aliases: the CRMs' English default names it owns, each followed by the same name in the template's language. */
function aliasesIn(texts: TemplateTexts) {
  return (labels: DefaultLabels): Aliases => {
    const local = texts.crmStages;
    const of = <C extends CrmId>(crm: C): string[] => {
      const names = labels[crm].flatMap((label) => [label, ...(local ? (local[crm] as Record<string, readonly string[]>)[label] ?? [] : [])]);
      return [...new Set(names)];
    };
    return { pipedrive: of('pipedrive'), hubspot: of('hubspot'), salesforce: of('salesforce') };
  };
}

const task = <K extends string>(titles: Readonly<Record<K, string>>, id: K, dueDays: number, required: boolean, evidence: ActivityType | null) => ({
  id,
  title: titles[id],
  dueDays,
  required,
  evidence: evidence ? { activityType: evidence } : null,
});

function buyerCentric(now: Date, locale: Locale): PlaybookInput {
  const texts = TEMPLATE_TEXTS[locale];
  const s = texts.buyerCentric.stages;
  const alias = aliasesIn(texts);
  return {
    id: 'buyer-centric',
    name: createTranslator(locale)('template.buyerCentric.name'),
    updatedAt: now.toISOString(),
    qualifications: qualificationsIn(locale),
    pipelines: [
      {
        id: 'new-business',
        name: texts.buyerCentric.pipeline,
        aliases: { pipedrive: ['Sales pipeline', 'Pipeline'], hubspot: ['Sales Pipeline'], salesforce: [] },
        stages: [
          {
            id: 'discovery-booked',
            name: s['discovery-booked'].name,
            aliases: alias({ pipedrive: ['Qualified'], hubspot: ['Appointment scheduled'], salesforce: ['Prospecting'] }),
            guidance: lines(s['discovery-booked'].guidance),
            goal: [{ kind: 'activity', activityType: 'meeting' }, { kind: 'field', field: 'owner' }],
            tasks: [
              task(s['discovery-booked'].tasks, 'research-account', 1, true, null),
              task(s['discovery-booked'].tasks, 'send-agenda', 2, false, 'email'),
              task(s['discovery-booked'].tasks, 'hold-discovery', 5, true, 'meeting'),
            ],
            qualifications: [],
            rotDays: 7,
            probability: 0.1,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'qualified',
            name: s.qualified.name,
            aliases: alias({ pipedrive: ['Contact Made'], hubspot: ['Qualified to buy'], salesforce: ['Qualification', 'Needs Analysis'] }),
            guidance: lines(s.qualified.guidance),
            goal: [{ kind: 'requiredTasks' }, { kind: 'field', field: 'value' }, { kind: 'field', field: 'closeDate' }],
            tasks: [
              task(s.qualified.tasks, 'confirm-pain', 3, true, null),
              task(s.qualified.tasks, 'map-stakeholders', 5, true, null),
              task(s.qualified.tasks, 'book-demo', 7, false, 'meeting'),
            ],
            qualifications: ['bant'],
            rotDays: 14,
            probability: 0.2,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'demo-completed',
            name: s['demo-completed'].name,
            aliases: alias({ pipedrive: ['Demo Scheduled'], hubspot: ['Presentation scheduled'], salesforce: ['Value Proposition', 'Id. Decision Makers'] }),
            guidance: lines(s['demo-completed'].guidance),
            goal: [{ kind: 'activity', activityType: 'demo' }, { kind: 'requiredTasks' }],
            tasks: [
              task(s['demo-completed'].tasks, 'run-demo', 3, true, 'demo'),
              task(s['demo-completed'].tasks, 'map-decision-process', 5, true, null),
              task(s['demo-completed'].tasks, 'send-recap', 2, false, 'email'),
            ],
            qualifications: ['meddicc'],
            rotDays: 14,
            probability: 0.4,
            forecastCategory: 'bestCase',
            outcome: null,
          },
          {
            id: 'proposal-sent',
            name: s['proposal-sent'].name,
            aliases: alias({ pipedrive: ['Proposal Made'], hubspot: ['Decision maker bought-in'], salesforce: ['Perception Analysis', 'Proposal/Price Quote'] }),
            guidance: lines(s['proposal-sent'].guidance),
            goal: [{ kind: 'activity', activityType: 'proposal' }, { kind: 'closeDateNotPast' }, { kind: 'manual', id: 'proposal-reviewed', label: s['proposal-sent'].criteria['proposal-reviewed'] }],
            tasks: [
              task(s['proposal-sent'].tasks, 'send-proposal', 1, true, 'proposal'),
              task(s['proposal-sent'].tasks, 'review-proposal', 5, true, 'meeting'),
              task(s['proposal-sent'].tasks, 'follow-up', 10, false, 'call'),
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.6,
            forecastCategory: 'bestCase',
            outcome: null,
          },
          {
            id: 'contract-sent',
            name: s['contract-sent'].name,
            aliases: alias({ pipedrive: ['Negotiations Started'], hubspot: ['Contract sent'], salesforce: ['Negotiation/Review'] }),
            guidance: lines(s['contract-sent'].guidance),
            goal: [{ kind: 'requiredTasks' }, { kind: 'closeDateNotPast' }],
            tasks: [
              task(s['contract-sent'].tasks, 'send-contract', 1, true, 'email'),
              task(s['contract-sent'].tasks, 'confirm-signer', 3, true, null),
              task(s['contract-sent'].tasks, 'plan-kickoff', 7, false, 'meeting'),
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.8,
            forecastCategory: 'commit',
            outcome: null,
          },
          {
            id: 'won',
            name: s.won.name,
            aliases: alias({ pipedrive: [], hubspot: ['Closed won'], salesforce: ['Closed Won'] }),
            guidance: lines(s.won.guidance),
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
            name: s.lost.name,
            aliases: alias({ pipedrive: [], hubspot: ['Closed lost'], salesforce: ['Closed Lost'] }),
            guidance: lines(s.lost.guidance),
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

function simple(now: Date, locale: Locale): PlaybookInput {
  const texts = TEMPLATE_TEXTS[locale];
  const s = texts.simple.stages;
  const alias = aliasesIn(texts);
  return {
    id: 'simple',
    name: createTranslator(locale)('template.simple.name'),
    updatedAt: now.toISOString(),
    qualifications: qualificationsIn(locale),
    pipelines: [
      {
        id: 'sales',
        name: texts.simple.pipeline,
        aliases: { pipedrive: ['Sales pipeline', 'Pipeline'], hubspot: ['Sales Pipeline'], salesforce: [] },
        stages: [
          {
            id: 'meeting-booked',
            name: s['meeting-booked'].name,
            aliases: alias({ pipedrive: ['Qualified', 'Contact Made'], hubspot: ['Appointment scheduled', 'Qualified to buy'], salesforce: ['Prospecting', 'Qualification', 'Needs Analysis'] }),
            guidance: lines(s['meeting-booked'].guidance),
            goal: [{ kind: 'activity', activityType: 'meeting' }],
            tasks: [
              task(s['meeting-booked'].tasks, 'prepare-meeting', 1, false, null),
              task(s['meeting-booked'].tasks, 'hold-meeting', 5, true, 'meeting'),
            ],
            qualifications: ['bant'],
            rotDays: 7,
            probability: 0.1,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'follow-up-meeting',
            name: s['follow-up-meeting'].name,
            aliases: alias({ pipedrive: ['Demo Scheduled'], hubspot: ['Presentation scheduled'], salesforce: ['Value Proposition', 'Id. Decision Makers', 'Perception Analysis'] }),
            guidance: lines(s['follow-up-meeting'].guidance),
            goal: [{ kind: 'requiredTasks' }],
            tasks: [
              task(s['follow-up-meeting'].tasks, 'hold-follow-up', 7, true, 'meeting'),
              task(s['follow-up-meeting'].tasks, 'agree-quote-scope', 7, true, null),
            ],
            qualifications: ['spiced'],
            rotDays: 14,
            probability: 0.3,
            forecastCategory: 'pipeline',
            outcome: null,
          },
          {
            id: 'quote-sent',
            name: s['quote-sent'].name,
            aliases: alias({ pipedrive: ['Proposal Made'], hubspot: ['Decision maker bought-in'], salesforce: ['Proposal/Price Quote'] }),
            guidance: lines(s['quote-sent'].guidance),
            goal: [{ kind: 'activity', activityType: 'proposal' }, { kind: 'field', field: 'value' }],
            tasks: [
              task(s['quote-sent'].tasks, 'send-quote', 1, true, 'proposal'),
              task(s['quote-sent'].tasks, 'walk-through-quote', 3, false, 'call'),
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.5,
            forecastCategory: 'bestCase',
            outcome: null,
          },
          {
            id: 'negotiation',
            name: s.negotiation.name,
            aliases: alias({ pipedrive: ['Negotiations Started'], hubspot: ['Contract sent'], salesforce: ['Negotiation/Review'] }),
            guidance: lines(s.negotiation.guidance),
            goal: [{ kind: 'closeDateNotPast' }, { kind: 'field', field: 'closeDate' }],
            tasks: [
              task(s.negotiation.tasks, 'confirm-signer', 3, true, null),
              task(s.negotiation.tasks, 'send-contract', 5, false, 'email'),
            ],
            qualifications: [],
            rotDays: 10,
            probability: 0.8,
            forecastCategory: 'commit',
            outcome: null,
          },
          { id: 'won', name: s.won.name, aliases: alias({ pipedrive: [], hubspot: ['Closed won'], salesforce: ['Closed Won'] }), guidance: lines(s.won.guidance), goal: [], tasks: [], qualifications: [], rotDays: null, probability: 1, forecastCategory: 'closed', outcome: 'won' },
          { id: 'lost', name: s.lost.name, aliases: alias({ pipedrive: [], hubspot: ['Closed lost'], salesforce: ['Closed Lost'] }), guidance: lines(s.lost.guidance), goal: [], tasks: [], qualifications: [], rotDays: null, probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
        ],
      },
    ],
  };
}

export interface PlaybookTemplate {
  id: string;
  /** i18n key of the template's name in the picker. */
  nameKey: 'template.buyerCentric.name' | 'template.simple.name';
  /** i18n key of a one-line description in the picker. */
  descriptionKey: string;
  /** The template in a language (English unless told). */
  build(now: Date, locale?: Locale): Playbook;
}

export const TEMPLATES: readonly PlaybookTemplate[] = [
  {
    id: 'buyer-centric',
    nameKey: 'template.buyerCentric.name',
    descriptionKey: 'template.buyerCentric.description',
    build: (now, locale = 'en') => playbookSchema.parse(withTemplateScripts(buyerCentricScripts(TEMPLATE_TEXTS[locale].buyerCentric), buyerCentric(now, locale))),
  },
  {
    id: 'simple',
    nameKey: 'template.simple.name',
    descriptionKey: 'template.simple.description',
    build: (now, locale = 'en') => playbookSchema.parse(withTemplateScripts(simpleScripts(TEMPLATE_TEXTS[locale].simple), simple(now, locale))),
  },
];

/** The template a new install starts with, in the manager's language. */
export function defaultPlaybook(now: Date, locale: Locale): Playbook {
  return TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!.build(now, locale);
}

/** A one-stage playbook to build from scratch, in a language. */
export function blankPlaybook(now: Date, locale: Locale = 'en'): Playbook {
  const blank = TEMPLATE_TEXTS[locale].common.blank;
  return playbookSchema.parse({
    id: 'team-playbook',
    name: createTranslator(locale)('options.start.blankName'),
    updatedAt: now.toISOString(),
    qualifications: qualificationsIn(locale),
    pipelines: [{ id: 'sales', name: blank.pipeline, aliases: noAliases, stages: [{ id: 'first-stage', name: blank.stage, aliases: noAliases }] }],
  });
}
