import type { MessageKey, Translate } from '../i18n';
import { causeText, type Cause, type StorageFailure } from '../i18n/cause';

// What a failed write means to the user. IndexedDB reports a full disk or an exhausted quota as
// QuotaExceededError (Dexie wraps it, keeping the name in `inner`); extension storage says
// "QUOTA_BYTES quota exceeded". The exception's own text (English, the browser's) is kept only as
// the technical detail after the sentence.

export type StorageProblem = 'quota' | 'closed' | 'other';

/** The error's names, outermost first (Dexie keeps the cause in `inner`), and its message. */
function namesOf(error: unknown): string[] {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { name, inner } = current as { name?: unknown; inner?: unknown };
    if (typeof name === 'string') names.push(name);
    current = inner;
  }
  return names;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : typeof error === 'string' ? error : '');

const BLOCKED = new Set(['VersionChangeError', 'VersionError', 'BlockedError']);
const BROKEN_OFF = new Set(['AbortError', 'TransactionInactiveError', 'PrematureCommitError', 'TimeoutError']);
/** Names only storage raises: such an error is a storage failure even when it is none of the kinds above. */
const STORAGE_NAMES = new Set(['QuotaExceededError', 'DatabaseClosedError', 'InvalidStateError', 'OpenFailedError', 'ConstraintError', 'DataError', 'ReadOnlyError', 'ModifyError', 'BulkError', 'UpgradeError', 'DataCloneError', 'MissingAPIError', ...BLOCKED, ...BROKEN_OFF]);

function storageFailureOf(error: unknown): StorageFailure | null {
  const names = namesOf(error);
  if (names.includes('QuotaExceededError') || /QUOTA_BYTES|quota exceeded/i.test(messageOf(error))) return 'full';
  if (names.some((n) => BLOCKED.has(n))) return 'blocked';
  if (names.some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError')) return 'closed';
  if (names.some((n) => BROKEN_OFF.has(n))) return 'transaction';
  return names.some((n) => STORAGE_NAMES.has(n)) ? 'other' : null;
}

export function storageProblemOf(error: unknown): StorageProblem {
  const failure = storageFailureOf(error);
  return failure === 'full' ? 'quota' : failure === 'closed' ? 'closed' : 'other';
}

/** "ConstraintError: Key already exists…": what support needs, never the sentence. */
function technicalOf(error: unknown): string | undefined {
  const names = [...new Set(namesOf(error))].filter((n) => n !== 'Error');
  const text = [names.join(' / '), messageOf(error)].filter(Boolean).join(': ');
  return text ? text.slice(0, 160) : undefined;
}

/**
 * Why a write or a read of the browser's storage failed. A full or closed store needs no
 * technical detail (the sentence says all); the rest carry the exception's name and text.
 */
export function storageCause(error: unknown): Cause {
  const failure = storageFailureOf(error) ?? 'other';
  const technical = failure === 'full' || failure === 'closed' ? undefined : technicalOf(error);
  return { kind: 'storage', failure, ...(technical && { technical }) };
}

/** Messaging's words for a background that is not there (stopped mid-answer, or the page outlived an update). */
const NO_ANSWER = /Receiving end does not exist|Could not establish connection|message port closed|Extension context invalidated|message channel closed/i;

/** Any exception a view catches: storage, a background that did not answer, or something unexpected. */
export function failureCause(error: unknown): Cause {
  if (storageFailureOf(error)) return storageCause(error);
  const technical = technicalOf(error);
  if (NO_ANSWER.test(messageOf(error))) return { kind: 'noAnswer', ...(technical && { technical }) };
  return { kind: 'unexpected', ...(technical && { technical }) };
}

export const STORAGE_PROBLEM_MESSAGE: Record<StorageProblem, MessageKey> = {
  quota: 'error.storageFull',
  closed: 'error.storageClosed',
  other: 'error.storageOther',
};

/** A failed save in one sentence of the reader's language (the kind's own sentence; `detail` says why). */
export function storageFailureText(t: Translate, error: unknown): string {
  return t(STORAGE_PROBLEM_MESSAGE[storageProblemOf(error)], { detail: causeText(storageCause(error), t) });
}
