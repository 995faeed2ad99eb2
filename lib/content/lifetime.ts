// The content script's lifetime. It ends only when the extension itself is gone (updated, reloaded,
// removed): that is checked, never announced. A page can see and replay any message posted to the
// window, so no window message or DOM event may end or steer the content script.

export interface Lifetime {
  signal: AbortSignal;
  /** True while the extension is there; ends the lifetime the first time it is not. */
  alive(): boolean;
  onEnd(fn: () => void): void;
}

export function createLifetime(extensionAlive: () => boolean): Lifetime {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    alive() {
      if (!controller.signal.aborted && !extensionAlive()) controller.abort();
      return !controller.signal.aborted;
    },
    onEnd: (fn) => controller.signal.addEventListener('abort', fn, { once: true }),
  };
}

/** Only the browser's own events count: `isTrusted` is false for every event a page script dispatches. */
export const trusted =
  <E extends Event>(handler: (event: E) => void) =>
  (event: E) => {
    if (event.isTrusted) handler(event);
  };
