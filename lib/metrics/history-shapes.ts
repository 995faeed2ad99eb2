import { ACTIVITY_TYPES, STATUSES, isRecord } from './history-file';

// The reader's fast test of the elements it meets a million times: true exactly when the zod schema
// of ./history-file would accept the element (dealSchema, activitySchema, checklistRowSchema). Only
// an element failing here is run through zod, for its message; a test holds the two to agreement.

const STATUS = new Set<unknown>(STATUSES);
const ACTIVITY_TYPE = new Set<unknown>(ACTIVITY_TYPES);

const isText = (v: unknown) => typeof v === 'string';
const isNonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
/** z.string().nullish(): absent, undefined, null or a string. */
const isOptionalText = (v: unknown) => v === undefined || v === null || typeof v === 'string';

export function isDealShape(d: unknown): boolean {
  if (!isRecord(d)) return false;
  const value = d.value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return false;
  if (!isNonEmpty(d.id) || !isNonEmpty(d.owner) || !isText(d.pipeline) || !isText(d.createdAt) || !STATUS.has(d.status)) return false;
  if (!isOptionalText(d.title) || !isOptionalText(d.currency) || !isOptionalText(d.closedAt) || !isOptionalText(d.source) || !isOptionalText(d.product)) return false;
  const history = d.stageHistory;
  if (!Array.isArray(history)) return false;
  for (let h = 0; h < history.length; h++) {
    const entry: unknown = history[h];
    if (!isRecord(entry) || !isText(entry.stage) || !isText(entry.enteredAt)) return false;
  }
  return true;
}

export function isActivityShape(a: unknown): boolean {
  return isRecord(a) && isText(a.dealId) && isText(a.owner) && ACTIVITY_TYPE.has(a.type) && isText(a.at);
}

export function isChecklistRowShape(row: unknown): boolean {
  return isRecord(row) && isText(row.dealId) && isText(row.stage) && isNonEmpty(row.task) && isText(row.doneAt);
}
