// The merge rule between what the page shows (DOM) and what the CRM's API answered, by freshness:
// when both answer for the same deal, the newer reading wins for the fields the page shows — an
// API answer read after the page reading wins them, an older (cached) one does not, so a stage the
// rep just changed on the page is not turned back by a five-minute-old answer. A field the page
// showed changing is newer than any answer that does not have the change yet (the CRM may answer
// the old stage for a moment after the rep moved it): the page keeps it until an answer agrees.
// The API always fills what the page does not show (the stage list, an owner the page hides).
// When the API failed, or answered for another deal, the page's reading is kept whole and the
// problem is reported with a message key.

import type { DealSnapshot } from '../../model/deal';
import { dealSnapshotSchema } from '../../model/deal.schema';
import { stageVisitSchema, type StageVisit } from '../../model/records.schema';
import type { MessageKey } from '../../i18n';
import { connectorOf } from '../connectors';
import type { CrmActivity, CrmApiFailure, CrmApiFailureKind, CrmDealData } from './types';

export const MERGED_FIELDS = ['title', 'pipeline', 'stage', 'stages', 'value', 'currency', 'owner', 'closeDate', 'status'] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];
export type FieldSource = 'dom' | 'api';

export type ApiProblemKind = CrmApiFailureKind | 'mismatch';

export interface ApiProblem {
  kind: ApiProblemKind;
  messageKey: MessageKey;
  retryAfter?: number;
  detail?: string;
}

/** A stage visit the CRM recorded (the background adds the deal key: see `syncCrmStageVisits`). */
export type CrmStageVisit = Omit<StageVisit, 'id' | 'dealKey'> & { source: 'crm' };

export interface MergedDeal {
  snapshot: DealSnapshot;
  /** Where each field's value comes from. */
  sources: Record<MergedField, FieldSource>;
  /** When each source was read (ISO); `api` only when the API answered for this deal. */
  readAt: { dom: string; api?: string };
  /** The CRM's stage history, oldest first ([] without the API). */
  stageVisits: CrmStageVisit[];
  /** The CRM's activities, newest first ([] without the API). */
  activities: CrmActivity[];
  apiProblem?: ApiProblem;
  /** Fields the page showed changing that no API answer has agreed with yet (the page keeps them). */
  awaiting: MergedField[];
}

export interface MergeOptions {
  /** Fields the page showed changing that the API had not confirmed before this answer. */
  awaiting?: readonly MergedField[];
}

export const MISMATCH_MESSAGE: MessageKey = 'connections.problem.mismatch';

/** Same deal, as the CRM compares its ids (Salesforce: the case-sensitive 15-character id; the URL may show 15, the API gives 18). */
export function sameDeal(crm: DealSnapshot['crm'], domId: string, apiId: string): boolean {
  return connectorOf(crm).sameDealId(domId, apiId);
}

const shape = dealSnapshotSchema.shape;

/** The API's value of a snapshot field, when it has one that fits the snapshot's schema. */
function apiValue(api: CrmDealData, field: MergedField): unknown {
  const candidate = (() => {
    switch (field) {
      case 'pipeline':
        return api.pipeline?.label;
      case 'stage':
        return api.stage?.label;
      case 'stages':
        return api.stages.length > 0 ? api.stages.slice(0, 50).map((s) => s.label.slice(0, 200)) : undefined;
      case 'title':
        return api.title?.slice(0, 500);
      case 'owner':
        return api.owner?.slice(0, 200);
      default:
        return api[field];
    }
  })();
  if (candidate === undefined || candidate === null || (typeof candidate === 'string' && candidate.trim() === '')) return undefined;
  const checked = shape[field].safeParse(candidate);
  return checked.success && checked.data !== null ? checked.data : undefined;
}

function domOnly(dom: DealSnapshot, now: Date, awaiting: readonly MergedField[], problem?: ApiProblem): MergedDeal {
  return {
    snapshot: dom,
    sources: Object.fromEntries(MERGED_FIELDS.map((f) => [f, 'dom'])) as Record<MergedField, FieldSource>,
    readAt: { dom: now.toISOString() },
    stageVisits: [],
    activities: [],
    ...(problem && { apiProblem: problem }),
    awaiting: [...awaiting],
  };
}

/** The same value, as a person reads it: texts compared without case and extra spaces (the page and the API may write a label differently). */
function sameValue(a: unknown, b: unknown): boolean {
  const plain = (v: unknown): unknown => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ').toLowerCase() : Array.isArray(v) ? v.map(plain) : v);
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/** The page shows this field: a value, not an empty text or list. */
export function pageShows(dom: DealSnapshot, field: MergedField): boolean {
  const value = dom[field];
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * The fields the page shows now whose value differs from what it showed before: a change seen on
 * the page (the rep moved the stage, marked the deal won), after which a cached API answer is
 * out of date. A field the page stopped showing is no change (the page may be half drawn).
 */
export function pageChanges(before: DealSnapshot | undefined, now: DealSnapshot): MergedField[] {
  if (!before) return [];
  return MERGED_FIELDS.filter((field) => pageShows(now, field) && !sameValue(before[field], now[field]));
}

/**
 * Merges a page reading with an API answer (or its failure). `now` is when the page was read.
 * Pass `null` for `api` when the CRM is simply not connected and nothing should be reported.
 */
export function mergeDeal(dom: DealSnapshot, api: CrmDealData | CrmApiFailure | null, now: Date, options: MergeOptions = {}): MergedDeal {
  const awaiting = options.awaiting ?? [];
  if (api === null) return domOnly(dom, now, awaiting);
  if ('ok' in api && api.ok === false) {
    return domOnly(dom, now, awaiting, {
      kind: api.kind,
      messageKey: api.messageKey,
      ...(api.retryAfter !== undefined && { retryAfter: api.retryAfter }),
      ...(api.detail !== undefined && { detail: api.detail }),
    });
  }
  const data = api as CrmDealData;
  if (data.crm !== dom.crm || !sameDeal(dom.crm, dom.dealId, data.dealId)) {
    return domOnly(dom, now, awaiting, { kind: 'mismatch', messageKey: MISMATCH_MESSAGE, detail: `the page shows ${dom.crm} deal ${dom.dealId}, the API answered for ${data.crm} deal ${data.dealId}` });
  }

  const snapshot: DealSnapshot = { ...dom };
  const sources = {} as Record<MergedField, FieldSource>;
  // Equal times count as the API's: an answer read right after the page was read is the newer one.
  const pageIsNewer = Date.parse(data.readAt) < now.getTime();
  const stillAwaiting: MergedField[] = [];
  for (const field of MERGED_FIELDS) {
    const value = apiValue(data, field);
    const unconfirmed = awaiting.includes(field) && pageShows(dom, field) && value !== undefined && !sameValue(value, dom[field]);
    if (unconfirmed) stillAwaiting.push(field);
    if (value === undefined || (pageShows(dom, field) && (pageIsNewer || unconfirmed))) {
      sources[field] = 'dom';
    } else {
      (snapshot as unknown as Record<string, unknown>)[field] = value;
      sources[field] = 'api';
    }
  }

  const stageVisits: CrmStageVisit[] = [];
  for (const entry of data.stageHistory) {
    const visit = { stage: entry.stageLabel.slice(0, 200), enteredAt: entry.enteredAt, source: 'crm' as const };
    if (stageVisitSchema.safeParse({ ...visit, dealKey: 'check' }).success) stageVisits.push(visit);
  }

  return { snapshot, sources, readAt: { dom: now.toISOString(), api: data.readAt }, stageVisits, activities: data.activities, awaiting: stillAwaiting };
}

/**
 * What to change in the stored stage visits of `dealKey` so its `crm` visits equal the CRM's
 * history: visits observed on the page are never touched; unchanged CRM visits are kept as they
 * are (no churn for live queries).
 */
export function syncCrmStageVisits(existing: readonly StageVisit[], dealKey: string, visits: readonly CrmStageVisit[]): { remove: number[]; add: StageVisit[] } {
  const keyOf = (v: { stage: string; enteredAt: string }) => `${v.enteredAt}\u0000${v.stage}`;
  const wanted = new Set(visits.map(keyOf));
  const current = existing.filter((v) => v.dealKey === dealKey && v.source === 'crm');
  const have = new Set(current.map(keyOf));
  const remove = current.filter((v) => !wanted.has(keyOf(v)) && v.id !== undefined).map((v) => v.id!);
  const add = visits.filter((v) => !have.has(keyOf(v))).map((v) => ({ dealKey, stage: v.stage, enteredAt: v.enteredAt, source: 'crm' as const }));
  return { remove, add };
}
