// A manager importing a 100 MB Pipedrive export on the options page of the built extension: the
// file is read, parsed and converted in the page's worker. Figures: the time from picking the file
// to "Ready to import", the longest task on the options page's main thread meanwhile (Chromium's
// Long Tasks API: every task over 50 ms is reported), and the peak resident memory of the
// extension's renderer process (options page and its worker), read from /proc (VmHWM). The `import`
// command on the same export is measured on its own (bench/import-command.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtensionBrowser } from '../scripts/browser';
import { writePipedriveExport } from '../test/support/pipedrive-export';
import type { Figure } from './stats';

const LIMIT = 100 * 1024 * 1024;

/** Peak resident memory (MB) of Chromium's extension renderer processes; NaN where /proc cannot tell. */
function extensionRendererPeakMb(): number {
  let peak = Number.NaN;
  for (const pid of existsSync('/proc') ? readdirSync('/proc').filter((p) => /^\d+$/.test(p)) : []) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer') || !cmdline.includes('--extension-process')) continue;
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (Number.isFinite(kb)) peak = Math.max(Number.isNaN(peak) ? 0 : peak, kb / 1024);
    } catch {
      // The process ended meanwhile.
    }
  }
  return peak;
}

export async function measureHistoryImport(browser: ExtensionBrowser): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-import-'));
  try {
    const file = join(dir, 'pipedrive-100mb.csv');
    const { bytes, deals } = writePipedriveExport(file, LIMIT);
    const detail = `${(bytes / 1e6).toFixed(0)} MB, ${deals.toLocaleString('en')} deals`;

    const page = await browser.context.newPage();
    await page.goto(browser.extensionUrl('options.html'));
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-import-empty').waitFor({ timeout: 15_000 });
    await page.bringToFront();
    await page.evaluate(() => {
      const w = window as unknown as { longestTask: number };
      w.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longestTask = Math.max(w.longestTask, entry.duration);
      }).observe({ type: 'longtask' });
    });
    const started = performance.now();
    await page.getByTestId('history-import-file').setInputFiles(file);
    await page.getByTestId('history-import-confirm').waitFor({ timeout: 600_000 });
    const status = await page.getByTestId('history-import-status').textContent();
    const seconds = (performance.now() - started) / 1000;
    if (!status?.startsWith('Ready to import')) throw new Error(`the 100 MB export was not read: ${status}`);
    const longestTask = await page.evaluate(() => (window as unknown as { longestTask: number }).longestTask);
    // Import: stored by the worker, then listed on the page.
    await page.evaluate(() => ((window as unknown as { longestTask: number }).longestTask = 0));
    const storing = performance.now();
    await page.getByTestId('history-import-confirm').click();
    await page.getByTestId('history-import-item').first().waitFor({ timeout: 600_000 });
    const storeSeconds = (performance.now() - storing) / 1000;
    const longestStoreTask = await page.evaluate(() => (window as unknown as { longestTask: number }).longestTask);
    const rendererMb = extensionRendererPeakMb();
    await page.close();

    return [
      { name: 'history import of a 100 MB export on the options page: time to preview', value: seconds, unit: 's', budget: 60, kind: 'max', detail },
      { name: 'history import of a 100 MB export: longest options-page main-thread task until the preview', value: longestTask, unit: 'ms', budget: 50, kind: 'max', detail },
      { name: 'history import of a 100 MB export: Import until listed', value: storeSeconds, unit: 's', budget: 30, kind: 'max', detail },
      { name: 'history import of a 100 MB export: longest options-page main-thread task from Import until listed', value: longestStoreTask, unit: 'ms', budget: 50, kind: 'max', detail },
      { name: 'history import of a 100 MB export: extension renderer peak memory', value: rendererMb, unit: 'MB', budget: 1200, kind: 'max', detail },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
