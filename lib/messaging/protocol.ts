import type { DealRef, DealSnapshot } from '../model/deal';
import type { Cause } from '../i18n/cause';

// The one message protocol of the extension. Every handler validates its input with the zod
// schema of the same name in ./schemas.ts and checks the sender (./senders.ts).

/** Content script → background: what the CRM tab shows. */
export interface DealSeenMessage {
  url: string;
  ref: DealRef;
  snapshot: DealSnapshot;
  /** Whole days the deal has been in its stage, where the page shows it. */
  stageDays?: number;
}

export type PageStateKind = 'notDeal' | 'loading' | 'readError';

export interface PageStateMessage {
  url: string;
  state: PageStateKind;
  /** Why, for the side panel (e.g. the reason a URL is not a deal page). */
  detail: string | null;
}

export interface ProtocolMap {
  /** Content script: a deal page was read. Returns the deal's key. */
  dealSeen(data: DealSeenMessage): { dealKey: string };
  /** Content script: the tab shows no readable deal (any more). */
  pageState(data: PageStateMessage): void;
  /** Extension page: is the background alive (and since when)? */
  ping(data: null): { startedAt: number; answeredAt: number };
  /** Extension page: ask the tab's content script to read the page again. */
  rereadTab(data: { tabId: number }): { ok: boolean };
  /** Background → content script: read the page again now. */
  reread(data: null): void;
  /** Extension page: open the quick-log popup for a tab. */
  openQuickLog(data: { tabId: number | null }): { opened: boolean };
  /**
   * Extension page: activities were queued for the CRM, or the rep asked to try every waiting
   * write again (`retryAll`): write what is due now. Answers how many writes are waiting.
   */
  writeToCrm(data: { retryAll: boolean }): { waiting: number };
  /** Options page: sync the whole team from a connected CRM (runs on; progress is in IndexedDB). */
  syncTeam(data: { crm: 'hubspot' | 'pipedrive' | 'salesforce'; full: boolean }): { started: boolean };
  /**
   * Options page: the automation — a dry run of the assignment rules, Apply (that dry run), Undo
   * of the last run, the CRM's reps for the rules editor; Mailchimp's lists by stage likewise.
   * Results and logs are in IndexedDB; the answer says whether it ran, or why not.
   */
  automation(data: { op: AutomationOp }): AutomationReply;
}

export type AutomationOp = 'dryRun' | 'apply' | 'undo' | 'reps' | 'mailchimpDryRun' | 'mailchimpApply' | 'mailchimpLists';

export interface AutomationReply {
  ok: boolean;
  /** Why not: neverSynced, stale, lastFailed, running, busy, noPlan, planOutdated, nothingToUndo, settings, crm, notConnected. */
  reason?: string;
  detail?: string;
  /** settings: why the stored rules cannot be read, to be said in the reader's language. */
  cause?: Cause;
  syncedAt?: number | null;
  runId?: string;
}

export type MessageType = keyof ProtocolMap;
