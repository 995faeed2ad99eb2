/**
 * The ARIA tabs pattern's keys: ←/→ move to the previous/next tab (wrapping), Home/End to the first
 * and last. Returns the index of the tab to select and focus, or null for any other key.
 */
export function tabIndexForKey(key: string, current: number, count: number): number | null {
  const next = key === 'ArrowRight' ? current + 1 : key === 'ArrowLeft' ? current - 1 : key === 'Home' ? 0 : key === 'End' ? count - 1 : null;
  return next === null ? null : (next + count) % count;
}
