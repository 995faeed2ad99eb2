import type { PlaybookInput, Script } from '../model/playbook.schema';

// The shipped templates' call scripts and e-mail templates, per template and stage id. Like the
// rest of a template they are the team's own editable text once chosen. Variables: see
// lib/playbook/scripts.ts.

type ScriptsByStage = Readonly<Record<string, readonly Script[]>>;

const call = (id: string, title: string, body: string[], ticksTask: string | null = null): Script => ({ id, kind: 'call', title, subject: '', body: body.join('\n'), ticksTask });
const email = (id: string, title: string, subject: string, body: string[], ticksTask: string | null = null): Script => ({ id, kind: 'email', title, subject, body: body.join('\n'), ticksTask });

const BUYER_CENTRIC: ScriptsByStage = {
  'discovery-booked': [
    email('agenda', 'Meeting agenda', 'Our call about {{deal.title}}: agenda', [
      'Hi {{contact.firstName}},',
      '',
      'Thank you for making time for our call. So we use it well, here is what I suggest we cover:',
      '1. What you want to change, and why now',
      '2. How you handle it today',
      '3. Whether it makes sense to look at it together, and what the next step would be',
      '',
      'Anything you would like to add? Just reply to this e-mail.',
      '',
      'Best regards,',
      '{{me.name}}',
    ], 'send-agenda'),
    call('discovery-opening', 'Discovery call opening', [
      'Thanks for taking the time, {{contact.firstName}}. I would like to understand your situation before I say anything about us.',
      '- What made you agree to this call now?',
      '- How do you handle this today, and what does it cost you?',
      '- If we solved it, what would be different in six months?',
      'Before we hang up: agree on the next step and its date.',
    ]),
  ],
  qualified: [
    call('qualification', 'Qualification call', [
      'Goal: confirm the pain, who decides and by when.',
      '- In your words, what is the problem, and what does it cost you each month?',
      '- Who else is involved, and who signs?',
      '- Is there a budget for this, and how is it approved?',
      '- What happens on the date you mentioned if nothing changes?',
      'Close: "Shall we book a demo of your case with everyone who decides?"',
    ]),
    email('demo-invite', 'Demo invitation', 'A demo of {{deal.title}}, tailored to your case', [
      'Hi {{contact.firstName}},',
      '',
      'As agreed, I would like to show you how your case would work with us, using your own examples. Could you suggest two times that suit you and the others who decide?',
      '',
      'Best regards,',
      '{{me.name}}',
    ], 'book-demo'),
  ],
  'demo-completed': [
    email('demo-recap', 'Recap after the demo', 'Recap of our demo and next steps', [
      'Hi {{contact.firstName}},',
      '',
      'Thank you for the demo today. What I heard:',
      '- Your goal: …',
      '- What matters most when you decide: …',
      '',
      'Agreed next step: {{stage.next}}, by …',
      '',
      'Did I get anything wrong? Just reply.',
      '',
      'Best regards,',
      '{{me.name}}',
    ], 'send-recap'),
  ],
  'proposal-sent': [
    email('proposal', 'Proposal e-mail', 'Proposal: {{deal.title}}', [
      'Hi {{contact.firstName}},',
      '',
      'Attached is our proposal for {{deal.title}}, built on what we agreed: the goal, the scope and the timeline.',
      'I suggest we walk through it together, so your questions are answered before you decide. Does … suit you?',
      '',
      'Best regards,',
      '{{me.name}}',
    ]),
    call('proposal-follow-up', 'Follow-up on the decision date', [
      'Hi {{contact.firstName}}, it is {{me.name}}. You planned to decide about {{deal.title}} around now.',
      '- Where are you in the decision?',
      '- Is anything in the proposal unclear or missing?',
      '- Who else needs to say yes, and when do they meet?',
    ], 'follow-up'),
  ],
  'contract-sent': [
    email('contract', 'Contract e-mail', 'Contract for {{deal.title}}', [
      'Hi {{contact.firstName}},',
      '',
      'Here is the contract for {{deal.title}}, as agreed. Who will sign on your side, and is there a review step we should plan for?',
      '',
      'Best regards,',
      '{{me.name}}',
    ], 'send-contract'),
  ],
};

const SIMPLE: ScriptsByStage = {
  'meeting-booked': [
    email('confirm-meeting', 'Meeting confirmation', 'Our meeting about {{deal.title}}', [
      'Hi {{contact.firstName}},',
      '',
      'Looking forward to our meeting. I would like to hear what you want to achieve and how you work today, so I can show only what is relevant.',
      '',
      'Best regards,',
      '{{me.name}}',
    ]),
  ],
  'follow-up-meeting': [
    call('follow-up-call', 'Follow-up call', [
      'Hi {{contact.firstName}}, it is {{me.name}}, following up on our meeting.',
      '- Did the others involved see what we discussed?',
      '- What should the quote cover?',
      '- When do you want to decide?',
    ]),
  ],
  'quote-sent': [
    email('quote', 'Quote e-mail', 'Quote: {{deal.title}}', [
      'Hi {{contact.firstName}},',
      '',
      'Attached is the quote for {{deal.title}}, covering what we agreed. Shall we go through it on a short call?',
      '',
      'Best regards,',
      '{{me.name}}',
    ]),
    call('quote-walk-through', 'Walking through the quote', [
      'Goal: answer every question about the quote and agree on the decision date.',
      '- What do you think of the scope and the price?',
      '- Is anything missing?',
      '- What would make it an easy yes?',
    ], 'walk-through-quote'),
  ],
  negotiation: [
    call('negotiation', 'Negotiation call', [
      'Before giving anything: ask what the concern really is, and what it is worth to them.',
      '- "If we solve this point, are you ready to sign?"',
      '- Trade, never give: a concession for a commitment (date, scope, reference).',
    ]),
  ],
};

const SCRIPTS: Readonly<Record<string, ScriptsByStage>> = { 'buyer-centric': BUYER_CENTRIC, simple: SIMPLE };

/** The template with its stages' scripts added (stages that already have scripts keep theirs). */
export function withTemplateScripts(templateId: string, playbook: PlaybookInput): PlaybookInput {
  const byStage = SCRIPTS[templateId];
  if (!byStage) return playbook;
  return {
    ...playbook,
    pipelines: playbook.pipelines.map((pipeline) => ({
      ...pipeline,
      stages: pipeline.stages.map((stage) => (stage.scripts?.length || !byStage[stage.id] ? stage : { ...stage, scripts: byStage[stage.id]!.map((s) => ({ ...s })) })),
    })),
  };
}
