import type { CrmId, DealRef, DealSnapshot } from '../model/deal';

/** Reports a field the reader could not find, so a broken selector is visible, never an exception. */
export type FieldWarning = (crm: CrmId, field: keyof DealSnapshot, detail: string) => void;

/** One adapter per CRM: pure URL detection first, then a DOM reader. */
export interface CrmAdapter {
  crm: CrmId;
  /** Pure: a deal reference when `url` is a deal page of this CRM, else null. */
  detect(url: URL): DealRef | null;
  /**
   * CSS selector of the element that shows the record has rendered; the content script waits for it
   * after an in-app navigation before reading.
   */
  readySelector: string;
  /**
   * Reads the deal from the active view of `doc`. Never throws; a missing field is null.
   * Returns null when the active view shows another record than `ref` (a stale cached view).
   */
  read(doc: Document, ref: DealRef, warn?: FieldWarning): DealSnapshot | null;
}
