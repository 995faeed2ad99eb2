// Time to read a deal from each reference fixture, in Chromium: the adapters are bundled exactly
// as the content script uses them and run on the real page, many times; the median is reported.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { ExtensionBrowser } from '../scripts/browser';
import { serveCrmPages } from '../scripts/browser';
import { crmFixtures } from './fixtures';
import { median, type Figure } from './stats';

const BATCHES = 21;
const PER_BATCH = 25;

async function bundleReader(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(import.meta.dirname, '..', 'lib', 'crm', 'index.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__stagecraftCrm',
    minify: true,
    write: false,
    platform: 'browser',
  });
  return result.outputFiles[0]!.text;
}

export async function measureReadTime(browser: ExtensionBrowser): Promise<Figure[]> {
  const reader = await bundleReader();
  const fixtures = crmFixtures();
  await serveCrmPages(browser.context, Object.fromEntries(fixtures.map((f) => [f.url, f.html])));
  const page = await browser.context.newPage();
  const perFixture: { name: string; ms: number }[] = [];
  for (const fixture of fixtures) {
    await page.goto(fixture.url);
    await page.addScriptTag({ content: reader });
    // performance.now() is coarsened in pages: time batches of reads and divide.
    const times = await page.evaluate(
      ([batches, perBatch]) => {
        const crm = (window as unknown as { __stagecraftCrm: { readDeal: (doc: Document, url: string) => unknown } }).__stagecraftCrm;
        const samples: number[] = [];
        for (let b = 0; b < batches!; b++) {
          const start = performance.now();
          for (let i = 0; i < perBatch!; i++) crm.readDeal(document, location.href);
          samples.push((performance.now() - start) / perBatch!);
        }
        return samples;
      },
      [BATCHES, PER_BATCH],
    );
    perFixture.push({ name: fixture.name, ms: median(times) });
  }
  await page.close();
  const worst = perFixture.reduce((a, b) => (b.ms > a.ms ? b : a), { name: '-', ms: 0 });
  return [
    {
      name: 'read a deal from a fixture (median, slowest fixture)',
      value: worst.ms,
      unit: 'ms',
      budget: 2,
      kind: 'max',
      detail: `${fixtures.length} fixtures; slowest: ${worst.name}; all medians ms: ${perFixture.map((f) => `${f.name}=${f.ms.toFixed(3)}`).join(', ')}`,
    },
  ];
}
