// Activity types and their outcome picklists: plain data (no zod) so every page and the
// popup share one list.

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'proposal', 'note', 'task'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Structured outcomes beat free text: a short picklist per type (i18n keys `outcome.<id>`). */
export const OUTCOMES: Record<ActivityType, readonly string[]> = {
  call: ['connected', 'leftVoicemail', 'noAnswer', 'wrongNumber'],
  email: ['sent', 'replied', 'bounced'],
  meeting: ['held', 'noShow', 'rescheduled'],
  demo: ['held', 'noShow', 'rescheduled'],
  proposal: ['sent', 'accepted', 'rejected'],
  note: [],
  task: ['done'],
};
