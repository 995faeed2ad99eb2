// What the automation asks of a CRM: its reps, one deal as it is now (with the rules' fields),
// changing a deal's owner (and pipeline), and the deal's contacts' e-mail addresses. Every call
// goes through the team sync's polite HTTP (429 waited out, 5xx tried again with back-off).

import type { SyncResult } from '../../team-sync/types';
import type { PipelineMove } from '../rules';
import type { LiveDeal, Rep } from '../types';

export interface DealContact {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

export interface AutomationCrm {
  crm: 'hubspot' | 'pipedrive' | 'salesforce';
  /** Active users who can own deals. */
  reps(): Promise<SyncResult<Rep[]>>;
  readDeal(id: string, fields: readonly string[]): Promise<SyncResult<LiveDeal>>;
  /** Sets the owner (null: nobody, where the CRM allows) and, when given, the pipeline and stage. Idempotent. */
  setOwner(id: string, ownerId: string | null, move: PipelineMove | null): Promise<SyncResult<true>>;
  contacts(dealId: string): Promise<SyncResult<DealContact[]>>;
  /** Whether a deal can be moved to another pipeline (Salesforce has one pipeline of opportunities). */
  readonly movesPipelines: boolean;
}

/** A field's value as text: numbers and booleans as written, an option object by its value or label, lists joined by `;`. */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(fieldText).filter((v): v is string => v !== null);
    return parts.length ? parts.join(';') : null;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return fieldText(record.label ?? record.value ?? record.name ?? null);
  }
  return null;
}

/** The value at `path` (`Account.BillingCountry`) of a record; also a custom-field bag the CRM nests. */
export function valueAt(record: Record<string, unknown>, path: string, nested?: Record<string, unknown> | null): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined && nested) return nested[path];
  return current;
}
