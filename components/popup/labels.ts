import { isMessageKey, type Translate } from '@/lib/i18n';
import type { ActivityType } from '@/lib/model/activity';
import type { Activity } from '@/lib/model/records.schema';

// Names of activity types and outcomes, shared by the popup and the side panel's history.

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

/** The index of the next option whose label starts with `letter`, after `from` (wrapping), or -1. */
export function typeahead(labels: readonly string[], letter: string, from: number): number {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const wanted = fold(letter);
  for (let step = 1; step <= labels.length; step++) {
    const index = (from + step + labels.length) % labels.length;
    if (fold(labels[index] ?? '').startsWith(wanted)) return index;
  }
  return -1;
}
