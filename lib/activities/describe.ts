import { isMessageKey, type Translate } from '../i18n';
import type { ActivityType } from '../model/activity';
import type { Activity } from '../model/records.schema';

// Names of activity types and outcomes in the rep's language: the popup, the side panel's history
// and the subject of an activity written to the CRM say it the same way.

/** "Call" (a choice, capitalised). */
export function typeLabel(t: Translate, type: ActivityType): string {
  return t(`quicklog.type.${type}`);
}

/** "connected" (i18n key `outcome.<id>`; an unknown stored id is shown as it is). */
export function outcomeLabel(t: Translate, outcome: string): string {
  const key = `outcome.${outcome}`;
  return isMessageKey(key) ? t(key) : outcome;
}

/** "call — connected", as the toast and the history say it. */
export function describeActivity(t: Translate, activity: Pick<Activity, 'type' | 'outcome'>): string {
  const type = t(`activity.${activity.type}`);
  return activity.outcome ? `${type} — ${outcomeLabel(t, activity.outcome)}` : type;
}

/** "Call — connected": the subject line of the activity in the CRM. */
export function crmSubject(t: Translate, activity: Pick<Activity, 'type' | 'outcome'>): string {
  const type = typeLabel(t, activity.type);
  return activity.outcome ? `${type} — ${outcomeLabel(t, activity.outcome)}` : type;
}
