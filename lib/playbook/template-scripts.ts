import type { PlaybookInput, Script } from '../model/playbook.schema';
import type { BuyerCentricTexts, SimpleTexts } from './template-texts/types';

// The shipped templates' call scripts and e-mail templates, per template and stage id: which
// scripts a stage has and which task each ticks; their text comes in the template's language (see
// template-texts/). Like the rest of a template they are the team's own editable text once chosen.
// Variables: see lib/playbook/scripts.ts.

type ScriptsByStage = Readonly<Record<string, readonly Script[]>>;
interface CallText { title: string; body: readonly string[] }
interface EmailText extends CallText { subject: string }

const call = (id: string, text: CallText, ticksTask: string | null = null): Script => ({ id, kind: 'call', title: text.title, subject: '', body: text.body.join('\n'), ticksTask });
const email = (id: string, text: EmailText, ticksTask: string | null = null): Script => ({ id, kind: 'email', title: text.title, subject: text.subject, body: text.body.join('\n'), ticksTask });

export function buyerCentricScripts({ stages: s }: BuyerCentricTexts): ScriptsByStage {
  return {
    'discovery-booked': [
      email('agenda', s['discovery-booked'].scripts.agenda, 'send-agenda'),
      call('discovery-opening', s['discovery-booked'].scripts['discovery-opening']),
    ],
    qualified: [
      call('qualification', s.qualified.scripts.qualification),
      email('demo-invite', s.qualified.scripts['demo-invite'], 'book-demo'),
    ],
    'demo-completed': [email('demo-recap', s['demo-completed'].scripts['demo-recap'], 'send-recap')],
    'proposal-sent': [
      email('proposal', s['proposal-sent'].scripts.proposal),
      call('proposal-follow-up', s['proposal-sent'].scripts['proposal-follow-up'], 'follow-up'),
    ],
    'contract-sent': [email('contract', s['contract-sent'].scripts.contract, 'send-contract')],
  };
}

export function simpleScripts({ stages: s }: SimpleTexts): ScriptsByStage {
  return {
    'meeting-booked': [email('confirm-meeting', s['meeting-booked'].scripts['confirm-meeting'])],
    'follow-up-meeting': [call('follow-up-call', s['follow-up-meeting'].scripts['follow-up-call'])],
    'quote-sent': [
      email('quote', s['quote-sent'].scripts.quote),
      call('quote-walk-through', s['quote-sent'].scripts['quote-walk-through'], 'walk-through-quote'),
    ],
    negotiation: [call('negotiation', s.negotiation.scripts.negotiation)],
  };
}

/** The template with its stages' scripts added (stages that already have scripts keep theirs). */
export function withTemplateScripts(byStage: ScriptsByStage, playbook: PlaybookInput): PlaybookInput {
  return {
    ...playbook,
    pipelines: playbook.pipelines.map((pipeline) => ({
      ...pipeline,
      stages: pipeline.stages.map((stage) => (stage.scripts?.length || !byStage[stage.id] ? stage : { ...stage, scripts: byStage[stage.id]!.map((s) => ({ ...s })) })),
    })),
  };
}
