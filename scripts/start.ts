// `npm start`: Chromium with the built extension on the bundled demo deal. With a display it stays
// open for you to try; without one (servers, CI) it runs headless, saves screenshots of the deal
// page, side panel, popup and options page to demo-output/, prints their paths and exits.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, serveCrmPages, tabIdOf } from './browser';
import { DEMO_DEALS, demoPages } from './demo/demo-site';

const outputDir = resolve(import.meta.dirname, '..', 'demo-output');
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.CI !== 'true';
const headless = process.argv.includes('--headless') || !hasDisplay;

const browser = await launchWithExtension({ headless });
await serveCrmPages(browser.context, demoPages());
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.goto(DEMO_DEALS[0].url);
const tabId = await tabIdOf(browser, page);

if (!headless) {
  console.log(`Stagecraft is running on the demo deal ${DEMO_DEALS[0].url}`);
  console.log('Click the Stagecraft icon (puzzle menu → pin it) to open the side panel; a link on the page leads to a second deal.');
  console.log('Close the browser window to stop.');
  const panel = await browser.context.newPage();
  await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
  await page.bringToFront();
  await new Promise<void>((done) => browser.context.on('close', () => done()));
  process.exit(0);
}

mkdirSync(outputDir, { recursive: true });
const shots: string[] = [];
const shoot = async (name: string, target: typeof page) => {
  const path = resolve(outputDir, `${name}.png`);
  await target.screenshot({ path, fullPage: true });
  shots.push(path);
};

await page.setViewportSize({ width: 1280, height: 800 });
await shoot('deal-page', page);

const panel = await browser.context.newPage();
await panel.setViewportSize({ width: 400, height: 900 });
await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
await panel.getByTestId('deal-title').waitFor({ timeout: 20_000 });
await panel.waitForTimeout(300);
await shoot('side-panel', panel);

const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 380, height: 560 });
await popup.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
await popup.getByTestId('deal-title').waitFor({ timeout: 20_000 });
await shoot('popup', popup);

const options = await browser.context.newPage();
await options.setViewportSize({ width: 1200, height: 900 });
await options.goto(browser.extensionUrl('options.html'));
await options.waitForLoadState('load');
await options.waitForTimeout(500);
await shoot('options', options);

await browser.close();
console.log('Stagecraft demo (headless: no display found). Screenshots:');
for (const path of shots) console.log(`  ${path}`);
