import type { CrmId, DealRef, DealSnapshot } from '../model/deal';

/** Reports a field the reader could not find, so a broken selector is visible, never an exception. */
export type FieldWarning = (crm: CrmId, field: keyof DealSnapshot, detail: string) => void;

/** A named selector: a CSS selector, or a template of one (`property-input-${name}`) with the names it is used with. */
export type SelectorTable = Readonly<Record<string, string | { of: (name: string) => string; names: readonly string[] }>>;

/**
 * One adapter per CRM (lib/crm/<crm>/): where its app lives, which URLs are deal pages, and the page
 * reader with its selector table. Everything CRM-specific the content script needs is here; the
 * page list (lib/crm/index.ts) lists the adapters. The API side of the same folder is the CRM's
 * connector (lib/crm/connector.ts, listed in lib/crm/connectors.ts); nothing else switches on the CRM.
 */
export interface CrmAdapter {
  crm: CrmId;
  /** Product name, for messages ("not a deal page: Pipedrive person page"). */
  name: string;
  /** Pure: the CRM account when `url` is on this CRM's app host (deal page or not), else null. */
  accountOf(url: URL): string | null;
  /** Pure: a deal reference when `url` is a deal page of this CRM, else null. Ids are in their canonical form. */
  detect(url: URL): DealRef | null;
  /** What a non-deal page of this CRM is, by path: [pattern, "person page"]; the first match names it. */
  pageKinds: ReadonlyArray<readonly [RegExp, string]>;
  /** The reader's named selectors (every one matched by at least one fixture; a test checks). */
  selectors: SelectorTable;
  /**
   * True once the record has rendered (through open shadow roots too); the content script waits for it
   * after an in-app navigation before reading.
   */
  isReady(doc: Document): boolean;
  /**
   * Reads the deal from the active view of `doc`. Never throws; a missing field is null.
   * Returns null when the active view shows another record than `ref` (a stale cached view).
   */
  read(doc: Document, ref: DealRef, warn?: FieldWarning): DealSnapshot | null;
  /**
   * Whole days the deal has been in its current stage, where the page says so (Pipedrive's stage bar,
   * Salesforce's Last Stage Change Date on the layout; `now` dates it), so due dates and stalled are right
   * on the first visit; null where the page does not show it. Not part of the snapshot (the `extract`
   * contract). Never throws.
   */
  stageDays(doc: Document, ref: DealRef, now: Date): number | null;
}
