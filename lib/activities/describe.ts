import { isMessageKey, type Translate } from '../i18n';
import type { ActivityType } from '../model/activity';
import type { Activity } from '../model/records.schema';

// Names of activity types and outcomes in the rep's language: the popup, the side panel's history
// and the subject of an activity written to the CRM say it the same way.

/** "Call" (a choice, capitalised). */
export function typeLabel(t: Translate, type: ActivityType): string {
  return t(`quicklog.type.${type}`);
}

/** "connected" (i18n key `outcome.<id>`; an unknown stored id is shown as it is), as it reads after a dash. */
export function outcomeLabel(t: Translate, outcome: string): string {
  const key = `outcome.${outcome}`;
  return isMessageKey(key) ? t(key) : outcome;
}

/** "Connected": an outcome as a choice of its own (a chip, an option), capitalised like the types. */
export function outcomeChoice(t: Translate, outcome: string): string {
  const label = outcomeLabel(t, outcome);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** "Call — connected": as the toast and the history head it, and the subject line of the activity in the CRM. */
export function describeActivity(t: Translate, activity: Pick<Activity, 'type' | 'outcome'>): string {
  const type = typeLabel(t, activity.type);
  return activity.outcome ? `${type} — ${outcomeLabel(t, activity.outcome)}` : type;
}

/** "call — connected": the same words inside a sentence ("Write call — connected to HubSpot"). */
export function activityInSentence(t: Translate, activity: Pick<Activity, 'type' | 'outcome'>): string {
  const type = t(`activity.${activity.type}`);
  return activity.outcome ? `${type} — ${outcomeLabel(t, activity.outcome)}` : type;
}

/** The CRM's subject line: the same words as the history's heading. */
export const crmSubject = describeActivity;
