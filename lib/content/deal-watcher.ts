import { cut, fitUrl } from '../crm/fit';
import type { CrmAdapter, FieldWarning } from '../crm/types';
import { DEAL_LIMITS, type DealRef, type DealSnapshot } from '../model/deal';
import type { PageStateKind } from '../messaging/protocol';

// Follows a CRM tab: which deal it shows, and when that deal changes on screen.
// uBlock-style: one observer whose callback only marks the page dirty; reading happens later,
// debounced, in idle time, and never while the tab is hidden. No browser extension APIs here:
// the content script passes in the page, a scheduler and where to send results.

import type { Detection } from '../crm/index';
export type { Detection };

export interface WatcherDeps {
  doc: Document;
  getUrl: () => string;
  detect: (url: string) => Detection;
  /** Runs `fn` after `ms`, in idle time where possible; returns a cancel function. */
  schedule: (fn: () => void, ms: number) => () => void;
  /** Creates the page's one MutationObserver. */
  observe: (onMutation: () => void) => { disconnect(): void };
  /**
   * Delivers a reading. A failed delivery (background restarting) is sent again, later each time; a reading
   * the background refused (`isRejection`) is never sent again unchanged.
   */
  onDeal: (url: string, ref: DealRef, snapshot: DealSnapshot, stageDays: number | null) => void | Promise<unknown>;
  onState: (url: string, state: PageStateKind, detail: string | null) => void;
  /** True for an error that means the receiver refused the message (not a delivery failure). */
  isRejection?: (error: unknown) => boolean;
  warn?: FieldWarning;
  /** Debounce of re-reads after page mutations. */
  debounceMs?: number;
  /** On a page that keeps mutating, at most one re-read per this interval. */
  minReadIntervalMs?: number;
  /** How long to wait for a new record's anchor before reporting a read error. */
  readyTimeoutMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export interface DealWatcher {
  /** The URL may have changed (in-app navigation): drop the old page's work and start over. */
  navigate(): void;
  /** Read again now (asked by the side panel). */
  reread(): void;
  /** Tab became visible or hidden. */
  visibilityChanged(): void;
  stop(): void;
}

/** At most this many URL changes are handled per window; more (a page scripting its URL) wait for the next. */
const NAVIGATION_BURST = 5;
const NAVIGATION_WINDOW_MS = 5_000;

export function createDealWatcher(deps: WatcherDeps): DealWatcher {
  const debounceMs = deps.debounceMs ?? 300;
  const readyTimeoutMs = deps.readyTimeoutMs ?? 15_000;
  const clock = deps.now ?? Date.now;
  const minReadIntervalMs = deps.minReadIntervalMs ?? 1_000;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let page: { url: string; ref: DealRef; adapter: CrmAdapter } | null = null;
  let lastSentJson: string | null = null;
  /** The URL last handled by `navigate`, deal page or not. */
  let lastUrl: string | null = null;
  let dirty = false;
  let cancelPending: (() => void) | null = null;
  let stopped = false;
  let startedAt = 0;
  /** The last reading the background refused: never sent again as it is. */
  let rejectedJson: string | null = null;
  /** Failed deliveries in a row: each resend waits twice as long (0.5 s … 30 s). */
  let failures = 0;
  const onState = (url: string, state: PageStateKind, detail: string | null) =>
    deps.onState(fitUrl(url), state, detail === null ? null : cut(detail, DEAL_LIMITS.detail));

  const observer = deps.observe(() => {
    // Callback only queues. At most one read per `debounceMs`, even on a page that never stops
    // mutating (a reset-on-every-mutation debounce would starve and never re-read).
    if (stopped) return;
    // A single-page app re-renders when it navigates: a cheap URL check here notices in-app
    // navigation at once, without polling.
    if (deps.getUrl() !== lastUrl) return navigate();
    if (!page) return;
    dirty = true;
    if (!deps.doc.hidden && !cancelPending) queueRead(Math.max(debounceMs, minReadIntervalMs - (clock() - lastReadAt)));
  });

  function queueRead(ms: number) {
    cancelPending?.();
    cancelPending = deps.schedule(readNow, ms);
  }

  function readNow() {
    cancelPending = null;
    if (!page || stopped) return;
    if (deps.doc.hidden) return; // picked up again on visibilitychange
    dirty = false;
    lastReadAt = clock();
    const { adapter, ref, url } = page;
    let snapshot: DealSnapshot | null = null;
    const ready = adapter.isReady(deps.doc);
    if (ready) {
      try {
        snapshot = adapter.read(deps.doc, ref, deps.warn);
      } catch (error) {
        // Adapters never throw by contract; if one does, the page still works.
        onState(url, 'readError', String(error));
        return;
      }
    }
    if (!snapshot) {
      // Record not rendered yet, or the active view still shows the previous deal: wait for mutations.
      if (clock() - startedAt > readyTimeoutMs) onState(url, 'readError', `${adapter.crm}: the deal did not appear on the page`);
      else queueRead(Math.max(debounceMs, 500));
      return;
    }
    const stageDays = adapter.stageDays(deps.doc, ref, new Date(clock()));
    const json = JSON.stringify([snapshot, stageDays]);
    if (json === lastSentJson || json === rejectedJson) return;
    lastSentJson = json;
    void Promise.resolve(deps.onDeal(fitUrl(url), ref, snapshot, stageDays)).then(
      () => {
        failures = 0;
      },
      (error: unknown) => {
        if (lastSentJson !== json || stopped) return;
        if (deps.isRejection?.(error)) {
          // Refused: the same reading would be refused again. Say so instead of waiting forever.
          rejectedJson = json;
          onState(url, 'readError', `${adapter.crm}: the deal could not be stored (${String((error as Error)?.message ?? error)})`);
          return;
        }
        // Not delivered (the service worker was stopped mid-way): send the same reading again, later each time.
        lastSentJson = null;
        queueRead(Math.min(30_000, Math.max(debounceMs, 500) * 2 ** failures++));
      },
    );
  }

  /** When the last URL changes were handled: a page flipping its URL faster than anyone clicks is slowed down. */
  const recentNavigations: number[] = [];
  let cancelDeferredNavigation: (() => void) | null = null;

  function navigate() {
    if (stopped) return;
    const url = deps.getUrl();
    if (url === lastUrl) return;
    const t = clock();
    while (recentNavigations.length && t - recentNavigations[0]! >= NAVIGATION_WINDOW_MS) recentNavigations.shift();
    if (recentNavigations.length >= NAVIGATION_BURST) {
      // Over the budget: handle only the URL the page settles on, when the window has room again.
      cancelDeferredNavigation ??= deps.schedule(() => {
        cancelDeferredNavigation = null;
        navigate();
      }, NAVIGATION_WINDOW_MS - (t - recentNavigations[0]!));
      return;
    }
    recentNavigations.push(t);
    lastUrl = url;
    cancelPending?.();
    cancelPending = null;
    const detection = deps.detect(url);
    if (!detection.ok) {
      page = null;
      lastSentJson = null;
      onState(url, 'notDeal', detection.reason);
      return;
    }
    const sameDeal = page && page.ref.dealId === detection.ref.dealId && page.ref.crm === detection.ref.crm;
    page = { url, ref: detection.ref, adapter: detection.adapter };
    startedAt = clock();
    if (!sameDeal) {
      lastSentJson = null;
      onState(url, 'loading', null);
    }
    queueRead(0);
  }

  return {
    navigate,
    reread() {
      lastSentJson = null;
      if (page) return queueRead(0);
      lastUrl = null;
      navigate();
    },
    visibilityChanged() {
      // Still at most one read per `minReadIntervalMs`, whoever says the tab became visible.
      if (!deps.doc.hidden && page && (dirty || lastSentJson === null) && !cancelPending) queueRead(Math.max(0, minReadIntervalMs - (clock() - lastReadAt)));
    },
    stop() {
      stopped = true;
      cancelPending?.();
      cancelDeferredNavigation?.();
      observer.disconnect();
    },
  };
}
