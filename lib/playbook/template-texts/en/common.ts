// What every English template shares: the qualification checklists and the blank playbook.

export const common = {
  qualifications: {
    bant: {
      budget: { title: 'Budget', hint: 'Is money set aside for this, and how much?' },
      authority: { title: 'Authority', hint: 'Who signs, and have you spoken with them?' },
      need: { title: 'Need', hint: 'Which problem does the buyer need solved, in their words?' },
      timeline: { title: 'Timeline', hint: 'By when must it be solved, and why then?' },
    },
    meddicc: {
      metrics: { title: 'Metrics', hint: 'The measurable gain the buyer expects.' },
      'economic-buyer': { title: 'Economic buyer', hint: 'The person who can release the money.' },
      'decision-criteria': { title: 'Decision criteria', hint: 'How they will compare the options.' },
      'decision-process': { title: 'Decision process', hint: 'Steps, people and dates until signature.' },
      'identify-pain': { title: 'Identify pain', hint: 'The business pain and its cost of doing nothing.' },
      champion: { title: 'Champion', hint: 'Who sells for you when you are not in the room?' },
      competition: { title: 'Competition', hint: 'Who else is considered, including doing nothing.' },
    },
    spiced: {
      situation: { title: 'Situation', hint: 'Facts about the buyer today.' },
      pain: { title: 'Pain', hint: 'What is not working, and for whom.' },
      impact: { title: 'Impact', hint: 'What solving it is worth, in their numbers.' },
      'critical-event': { title: 'Critical event', hint: 'The date that forces a decision.' },
      decision: { title: 'Decision', hint: 'Who decides, how, and on what criteria.' },
    },
  },
  blank: { pipeline: 'Sales', stage: 'First meeting held' },
};
