import type { StageVisit } from '../model/records.schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The stage entry a page states ("5 days" on Pipedrive's stage bar), as a visit to store, or null when
 * there is nothing to add. The page counts whole days, so the deal entered `days` × 24 h ago or a little
 * earlier: entered = now − days × 24 h. It is a CRM-reported time (source `crm`: an API sync replaces
 * it with the exact one). Nothing is added when the current stay already has a CRM-reported entry, or
 * when the page's age reaches back before the stage we saw the deal in earlier (the page and what we
 * saw disagree: what we saw stands), or when it is no earlier than we first saw the deal in the stage.
 */
export function stageEntryFromPage(visits: readonly Pick<StageVisit, 'stage' | 'enteredAt' | 'source'>[], stage: string | null, days: number | null, now: Date): { stage: string; enteredAt: string; source: 'crm' } | null {
  if (!stage || days === null || !Number.isInteger(days) || days < 0) return null;
  const enteredAt = new Date(now.getTime() - days * DAY_MS).toISOString();
  const sorted = [...visits].sort((a, b) => Date.parse(a.enteredAt) - Date.parse(b.enteredAt));
  let i = sorted.length;
  while (i > 0 && sorted[i - 1]!.stage === stage) i--;
  const stay = sorted.slice(i);
  if (stay.some((v) => v.source === 'crm')) return null;
  if (stay[0] && Date.parse(stay[0].enteredAt) <= Date.parse(enteredAt)) return null; // no earlier than we saw it: nothing new
  const before = sorted[i - 1];
  if (before && Date.parse(before.enteredAt) >= Date.parse(enteredAt)) return null;
  return { stage, enteredAt, source: 'crm' };
}
