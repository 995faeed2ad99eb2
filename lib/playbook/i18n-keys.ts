// Every i18n key the playbook engine and templates return, with its English default, so the i18n
// owner can copy them into lib/i18n/messages. The engine never returns English sentences: it
// returns `{ key, params }` and the UI translates.
//
// Params: `{task}` is a task title and `{label}` a manual criterion's label (the team's own
// playbook text, shown as written); `{date}`, `{closeDate}` and `{today}` are YYYY-MM-DD days to
// format for the reader's locale; `{type}` is an activity type id (call, email, meeting, demo,
// proposal, note, task) to translate with the existing `activity.<type>` keys; every other param
// is a number. Keys already in lib/i18n/messages/playbook.ts keep their text and params there.

export const PLAYBOOK_I18N_KEYS = [
  // Templates (TEMPLATES[i].nameKey / descriptionKey)
  'template.buyerCentric.name',
  'template.buyerCentric.description',
  'template.simple.name',
  'template.simple.description',
  // Next steps (NextStep.key)
  'next.overdue',
  'next.dueToday',
  'next.dueSoon',
  'next.noNextActivity',
  'next.stalled',
  // Exit criteria (CriterionStatus.reason.key; also the key of a `criterion` next step)
  'goal.requiredTasks.done',
  'goal.requiredTasks.open',
  'goal.field.value.present',
  'goal.field.value.missing',
  'goal.field.closeDate.present',
  'goal.field.closeDate.missing',
  'goal.field.owner.present',
  'goal.field.owner.missing',
  'goal.closeDate.notPast',
  'goal.closeDate.past',
  'goal.closeDate.missing',
  'goal.activity.logged',
  'goal.activity.missing',
  'goal.manual.confirmed',
  'goal.manual.unconfirmed',
] as const;

export type PlaybookI18nKey = (typeof PLAYBOOK_I18N_KEYS)[number];

/** English defaults; `{name}` marks a param. */
export const PLAYBOOK_I18N_DEFAULTS: { readonly [K in PlaybookI18nKey]: string } = {
  'template.buyerCentric.name': 'B2B sales process (buyer-centric)',
  'template.buyerCentric.description': 'Discovery call booked → Qualified → Demo completed → Proposal sent → Contract sent: stages named after what the buyer did, with BANT and MEDDICC checklists.',
  'template.simple.name': 'Simple sales process',
  'template.simple.description': 'Meeting booked → Follow-up meeting → Quote sent → Negotiation: a short process for smaller deals.',
  'next.overdue': 'Overdue: {task} (due {date})',
  'next.dueToday': 'Due today: {task}',
  'next.dueSoon': 'Due {date}: {task}',
  'next.noNextActivity': 'No next activity scheduled: log one with a next step.',
  'next.stalled': 'Stalled: {days} days in this stage (limit {limit})',
  'goal.requiredTasks.done': 'Required tasks done ({done} of {total})',
  'goal.requiredTasks.open': 'Required tasks still open: {open} ({done} of {total} done)',
  'goal.field.value.present': 'Amount filled in',
  'goal.field.value.missing': 'Fill in the amount',
  'goal.field.closeDate.present': 'Close date filled in',
  'goal.field.closeDate.missing': 'Fill in the close date',
  'goal.field.owner.present': 'Owner set',
  'goal.field.owner.missing': 'Set the deal owner',
  'goal.closeDate.notPast': 'Close date {closeDate} is not in the past',
  'goal.closeDate.past': 'The close date {closeDate} has passed: set a new one',
  'goal.closeDate.missing': 'Set a close date that is not in the past',
  'goal.activity.logged': 'A {type} logged in this stage',
  'goal.activity.missing': 'Log a {type} in this stage',
  'goal.manual.confirmed': 'Confirmed: {label}',
  'goal.manual.unconfirmed': 'Confirm: {label}',
};

/** The params each key takes (the English default's placeholders), for tests and translators. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
