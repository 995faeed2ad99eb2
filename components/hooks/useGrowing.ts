import { useEffect, useState } from 'preact/hooks';

/**
 * How many of `total` items to draw: `step` at first, then `step` more in each turn of the event loop
 * that follows, so a long list never holds the page's thread in one go. A new `key` (other items)
 * starts again from `step`.
 */
export function useGrowing(total: number, step: number, key: unknown, nextTurn: (go: () => void) => unknown = (go) => setTimeout(go, 0)): number {
  const [state, setState] = useState({ key, count: step });
  const current = state.key === key ? state : { key, count: step };
  if (current !== state) setState(current);
  useEffect(() => {
    if (current.count >= total) return;
    let live = true;
    nextTurn(() => live && setState((s) => (s.key === key ? { key, count: s.count + step } : s)));
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, current.count, total]);
  return Math.min(current.count, total);
}
