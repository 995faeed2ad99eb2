// Fits a reading into what the background stores (DEAL_LIMITS): anyone who can rename a deal can make
// its title megabytes long, and a reading the background refuses would leave the side panel empty.
// Long texts are cut with a visible ellipsis; nothing is refused. Pure and small (content script).

import { DEAL_LIMITS, type DealSnapshot } from '../model/deal';

const ELLIPSIS = '…';

/** `text` cut to at most `max` characters (UTF-16 units), ending in "…" when cut; never splits a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate: its pair would be cut off
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

const cutOrNull = (text: string | null, max: number) => (text === null ? null : cut(text, max));

/**
 * At most DEAL_LIMITS.stages stage labels: a window around the current stage, with "…" where the list
 * was cut, so the current stage is always among them.
 */
export function fitStages(stages: readonly string[], current: string | null): string[] {
  const labels = stages.map((s) => cut(s, DEAL_LIMITS.label));
  const max = DEAL_LIMITS.stages;
  if (labels.length <= max) return labels;
  const at = Math.max(0, current === null ? 0 : stages.indexOf(current));
  if (at < max - 1) return [...labels.slice(0, max - 1), ELLIPSIS];
  if (at >= labels.length - (max - 1)) return [ELLIPSIS, ...labels.slice(labels.length - (max - 1))];
  const start = at - Math.floor((max - 2) / 2);
  return [ELLIPSIS, ...labels.slice(start, start + max - 2), ELLIPSIS];
}

/** The snapshot with every field within the stored limits; an amount out of the stored range is unknown (null). */
export function fitSnapshot(s: DealSnapshot): DealSnapshot {
  const inRange = s.value !== null && Number.isFinite(s.value) && s.value >= 0 && s.value <= DEAL_LIMITS.value;
  return {
    ...s,
    title: cutOrNull(s.title, DEAL_LIMITS.title),
    pipeline: cutOrNull(s.pipeline, DEAL_LIMITS.label),
    stage: cutOrNull(s.stage, DEAL_LIMITS.label),
    stages: fitStages(s.stages, s.stage),
    value: inRange ? s.value : null,
    currency: inRange ? s.currency : null,
    owner: cutOrNull(s.owner, DEAL_LIMITS.label),
  };
}

/** A page URL within the stored limit: the query and fragment go first (a deal page's path is short). */
export function fitUrl(url: string): string {
  if (url.length <= DEAL_LIMITS.url) return url;
  const noHash = url.split('#')[0]!;
  if (noHash.length <= DEAL_LIMITS.url) return noHash;
  const noQuery = noHash.split('?')[0]!;
  return noQuery.length <= DEAL_LIMITS.url ? noQuery : noQuery.slice(0, DEAL_LIMITS.url);
}
