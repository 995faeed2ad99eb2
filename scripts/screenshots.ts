// `npm run screenshots`: the side panel on the demo deal in every supported language, light and
// dark, for the README (docs/screenshots/). Runs headless.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, serveCrmPages, tabIdOf } from './browser';
import { DEMO_DEALS, demoPages } from './demo/demo-site';

const outputDir = resolve(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(outputDir, { recursive: true });
const LANGUAGES = [
  ['en', 'en-GB'],
  ['sv', 'sv-SE'],
  ['nb', 'nb-NO'],
  ['nl', 'nl-NL'],
  ['it', 'it-IT'],
] as const;

for (const [code, locale] of LANGUAGES) {
  const browser = await launchWithExtension({ locale });
  try {
    await serveCrmPages(browser.context, demoPages());
    const deal = await browser.context.newPage();
    await deal.goto(DEMO_DEALS[0].url);
    const tabId = await tabIdOf(browser, deal);
    const panel = await browser.context.newPage();
    await panel.setViewportSize({ width: 400, height: 1100 });
    await panel.emulateMedia({ colorScheme: code === 'nb' ? 'dark' : 'light' });
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await panel.getByTestId('stage-guidance').waitFor({ timeout: 20_000 });
    await panel.waitForTimeout(300);
    const path = resolve(outputDir, `side-panel-${code}.png`);
    await panel.screenshot({ path });
    console.log(path);
  } finally {
    await browser.close();
  }
}
