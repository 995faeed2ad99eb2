import { detectDeal } from '@/lib/crm';
import { createDealWatcher } from '@/lib/content/deal-watcher';
import { createLifetime, trusted } from '@/lib/content/lifetime';
import { CRM_EXCLUDE_MATCH_PATTERNS, CRM_MATCH_PATTERNS } from '@/lib/extension/hosts';
import { onMessage, sendMessage } from '@/lib/messaging';
import { isRejection } from '@/lib/messaging/rejection';

// Thin wiring: the watcher (lib/content) decides what to read and when; this file gives it the
// page, a scheduler and the channel to the background. No database here: the CRM's origin must
// never get our IndexedDB.
//
// WXT's `ctx` is deliberately not used for the script's lifetime: it ends when the page posts WXT's
// start-up message back to the window (the page can read it, extension id included). Our lifetime
// ends only when the extension is really gone (lib/content/lifetime), and only trusted events count.
export default defineContentScript({
  matches: CRM_MATCH_PATTERNS,
  excludeMatches: CRM_EXCLUDE_MATCH_PATTERNS,
  runAt: 'document_idle',
  main() {
    const life = createLifetime(() => browser.runtime?.id != null);
    const { signal } = life;

    const watcher = createDealWatcher({
      doc: document,
      getUrl: () => location.href,
      detect: detectDeal,
      // Reads asked for at once (arrival, in-app navigation, the side panel) run right away;
      // reads after page mutations wait for idle time, so a busy CRM page keeps its main thread.
      schedule: (fn, ms) => {
        let idle = 0;
        const run = () => {
          if (life.alive()) fn();
        };
        const timer = setTimeout(() => {
          if (ms === 0) run();
          else idle = requestIdleCallback(run, { timeout: 500 });
        }, ms);
        return () => {
          clearTimeout(timer);
          if (idle) cancelIdleCallback(idle);
        };
      },
      observe: (onMutation) => {
        const observer = new MutationObserver(() => {
          if (life.alive()) onMutation();
        });
        observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-selected', 'class', 'value', 'title'] });
        return observer;
      },
      onDeal: (url, ref, snapshot, stageDays) => sendMessage('dealSeen', { url, ref, snapshot, ...(stageDays === null ? {} : { stageDays }) }),
      onState: (url, state, detail) => {
        sendMessage('pageState', { url, state, detail }).catch((error) => {
          if (life.alive()) console.warn('[Stagecraft]', String(error));
        });
      },
      isRejection,
      warn: (crm, field, detail) => console.warn(`[Stagecraft] ${crm}: could not read ${field} (${detail})`),
    });

    // In-app navigation: the Navigation API where the browser has it (instant), popstate, and the
    // observer's URL check (lib/content) for everything else. A page's synthetic events are ignored.
    const navigation = (window as { navigation?: EventTarget }).navigation;
    navigation?.addEventListener('navigatesuccess', trusted(() => watcher.navigate()), { signal });
    window.addEventListener('popstate', trusted(() => watcher.navigate()), { signal });
    document.addEventListener('visibilitychange', trusted(() => watcher.visibilityChanged()), { signal });
    const removeListener = onMessage('reread', () => watcher.reread());
    life.onEnd(() => {
      removeListener();
      watcher.stop();
    });
    watcher.navigate();
  },
});
