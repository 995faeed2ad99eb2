import { detectDeal } from '@/lib/crm';
import { createDealWatcher } from '@/lib/content/deal-watcher';
import { CRM_MATCH_PATTERNS } from '@/lib/extension/hosts';
import { onMessage, sendMessage } from '@/lib/messaging';

// Thin wiring: the watcher (lib/content) decides what to read and when; this file gives it the
// page, a scheduler tied to `ctx` (so everything stops when the extension reloads) and the channel
// to the background. No database here: the CRM's origin must never get our IndexedDB.
export default defineContentScript({
  matches: CRM_MATCH_PATTERNS,
  runAt: 'document_idle',
  main(ctx) {
    const report = <T,>(promise: Promise<T>) => {
      promise.catch((error) => {
        if (!ctx.isInvalid) console.warn('[Stagecraft]', String(error));
      });
      return promise;
    };

    const watcher = createDealWatcher({
      doc: document,
      getUrl: () => location.href,
      detect: detectDeal,
      // Reads asked for at once (arrival, in-app navigation, the side panel) run right away;
      // reads after page mutations wait for idle time, so a busy CRM page keeps its main thread.
      schedule: (fn, ms) => {
        let idle = 0;
        const timer = ctx.setTimeout(() => {
          if (ms === 0) fn();
          else idle = ctx.requestIdleCallback(fn, { timeout: 500 });
        }, ms);
        return () => {
          clearTimeout(timer);
          if (idle) cancelIdleCallback(idle);
        };
      },
      observe: (onMutation) => {
        const observer = new MutationObserver(onMutation);
        observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-selected', 'class', 'value', 'title'] });
        ctx.onInvalidated(() => observer.disconnect());
        return observer;
      },
      onDeal: (url, ref, snapshot) => report(sendMessage('dealSeen', { url, ref, snapshot })),
      onState: (url, state, detail) => report(sendMessage('pageState', { url, state, detail })),
      warn: (crm, field, detail) => console.warn(`[Stagecraft] ${crm}: could not read ${field} (${detail})`),
    });

    // In-app navigation: the Navigation API where the browser has it (instant), popstate, the
    // observer's URL check (lib/content), and WXT's polling event as the last resort.
    const navigation = (window as { navigation?: EventTarget }).navigation;
    navigation?.addEventListener('navigatesuccess', () => watcher.navigate(), { signal: ctx.signal });
    ctx.addEventListener(window, 'popstate', () => watcher.navigate());
    ctx.addEventListener(window, 'wxt:locationchange', () => watcher.navigate());
    ctx.addEventListener(document, 'visibilitychange', () => watcher.visibilityChanged());
    const removeListener = onMessage('reread', () => watcher.reread());
    ctx.onInvalidated(() => {
      removeListener();
      watcher.stop();
    });
    watcher.navigate();
  },
});
