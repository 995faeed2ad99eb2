import type { Page } from 'playwright-core';

// The longest gap between two painted frames of a page while it works: how long the page froze.
// Start watching, do the work, then read the figure (the page must be in front: a hidden page
// paints about once a second whatever it does).

export async function watchFrameGaps(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { frameGap: number; stopFrames: boolean };
    w.frameGap = 0;
    w.stopFrames = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.frameGap = Math.max(w.frameGap, t - last);
      last = t;
      if (!w.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { frameGap: number; stopFrames: boolean };
      w.stopFrames = true;
      return w.frameGap;
    });
}
