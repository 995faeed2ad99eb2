// Launches Chromium with the built extension, for the real-browser tests, the demo and the
// benchmark. CRM pages are served at their real URLs by request routing, so the manifest's real
// match patterns are exercised.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

export const EXTENSION_DIR = resolve(import.meta.dirname, '..', '.output', 'chrome-mv3');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  extensionDir?: string;
  viewport?: { width: number; height: number } | null;
  locale?: string;
  /**
   * Optional permissions and host origins of the manifest to hold as granted, as if the user had
   * accepted Chrome's prompt for them (which automation cannot click): the extension is loaded from
   * a copy whose manifest lists them as required.
   */
  granted?: { permissions: string[]; origins: string[] };
}

/** Chromium with the flags this machine needs, optionally without any extension (baselines). */
export async function launchChromium(options: LaunchOptions & { withExtension?: boolean } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = ensureChromium();
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const userDataDir = mkdtempSync(join(tmpdir(), 'stagecraft-profile-'));
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: false, // the new headless mode is asked for below: the old one cannot load extensions
    viewport: options.viewport === undefined ? { width: 1280, height: 800 } : options.viewport,
    locale: options.locale,
    args: [
      ...(headless ? ['--headless=new'] : []),
      ...(options.withExtension === false ? ['--disable-extensions'] : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]),
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      ...(options.locale ? [`--lang=${options.locale}`] : []),
    ],
  });
  // Nothing may leave the machine: any request not served by a test route fails fast.
  await context.route(/^https?:\/\//, (route) => route.abort('internetdisconnected'));
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A copy of the built extension whose manifest requires what `granted` names from its optional permissions. */
function extensionGranting(extensionDir: string, granted: NonNullable<LaunchOptions['granted']>): string {
  const copy = mkdtempSync(join(tmpdir(), 'stagecraft-granted-'));
  cpSync(extensionDir, copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string[] | undefined>;
  const missing = [...granted.permissions.filter((p) => !manifest.optional_permissions?.includes(p)), ...granted.origins.filter((o) => !manifest.optional_host_permissions?.includes(o))];
  if (missing.length) throw new Error(`not optional in the manifest: ${missing.join(', ')}`);
  manifest.permissions = [...(manifest.permissions ?? []), ...granted.permissions];
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...granted.origins];
  manifest.optional_permissions = manifest.optional_permissions?.filter((p) => !granted.permissions.includes(p));
  manifest.optional_host_permissions = manifest.optional_host_permissions?.filter((o) => !granted.origins.includes(o));
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return copy;
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const grantedDir = options.granted ? extensionGranting(options.extensionDir ?? EXTENSION_DIR, options.granted) : null;
  const { context, close: closeChromium } = await launchChromium({ ...options, ...(grantedDir && { extensionDir: grantedDir }) });
  const close = async () => {
    await closeChromium();
    if (grantedDir) rmSync(grantedDir, { recursive: true, force: true });
  };
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async serviceWorker() {
      const current = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      return current ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    },
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    close,
  };
}

/** Serves `html` at `url` (and any page under the same origin from `pages`). */
export async function serveCrmPages(context: BrowserContext, pages: Record<string, string>): Promise<void> {
  const byOrigin = new Map<string, Record<string, string>>();
  for (const [url, html] of Object.entries(pages)) {
    const { origin } = new URL(url);
    byOrigin.set(origin, { ...(byOrigin.get(origin) ?? {}), [url]: html });
  }
  for (const [origin, originPages] of byOrigin) {
    await context.route(`${origin}/**`, (route) => {
      const requested = route.request().url();
      const html = originPages[requested] ?? originPages[requested.split('#')[0]!] ?? Object.entries(originPages).find(([u]) => requested.split(/[?#]/)[0] === u.split(/[?#]/)[0])?.[1];
      if (html === undefined || route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    });
  }
}

const storePages = new WeakMap<BrowserContext, Promise<Page>>();

/**
 * Reads one object store of the extension's database from an extension page of its own (not the
 * service worker, which tests stop and restart).
 */
export async function readStore<T = unknown>(browser: ExtensionBrowser, store: string): Promise<T[]> {
  let pagePromise = storePages.get(browser.context);
  if (!pagePromise) {
    pagePromise = browser.context.newPage().then(async (page) => {
      await page.goto(browser.extensionUrl('managed-schema.json'));
      return page;
    });
    storePages.set(browser.context, pagePromise);
  }
  const page = await pagePromise;
  return page.evaluate(
    (name: string) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('stagecraft');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            return resolve([]);
          }
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/**
 * The browser tab id of a CRM page, as the extension knows it: the tab binding its content script
 * reported (the extension has no `tabs` permission, so it cannot look tabs up by URL).
 */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  const url = page.url();
  for (let attempt = 0; attempt < 100; attempt++) {
    const bindings = await readStore<{ tabId: number; url: string }>(browser, 'tabs').catch(() => []);
    const found = bindings.find((binding) => binding.url === url);
    if (found) return found.tabId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab found for ${url}`);
}

/** Puts items into the extension's `storage.local` (as the options page does when a CRM is connected). */
export async function setExtensionStorage(browser: ExtensionBrowser, items: Record<string, unknown>): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('managed-schema.json'));
  await page.evaluate((values) => chrome.storage.local.set(values), items);
  await page.close();
}

/** Opens a CRM deal page, then an extension page (`sidepanel.html`, `popup.html`) bound to its tab. */
export async function openDealWith(browser: ExtensionBrowser, url: string, extensionPage: 'sidepanel.html' | 'popup.html' = 'sidepanel.html'): Promise<{ deal: Page; page: Page; tabId: number }> {
  const deal = await browser.context.newPage();
  await deal.goto(url);
  const tabId = await tabIdOf(browser, deal);
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl(`${extensionPage}?tab=${tabId}`));
  return { deal, page, tabId };
}

/** Stops the extension's service worker, as the browser does after 30 s idle; a CRM page or extension page wakes a new one. */
export async function stopServiceWorker(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/**
 * Opens the real Chrome side panel of the window (from a click in an extension page: the user
 * gesture `sidePanel.open` needs) and returns a way to evaluate expressions in it. Playwright does
 * not list side panels as pages, so this talks to its DevTools target directly.
 */
export async function openRealSidePanel(browser: ExtensionBrowser): Promise<{ evaluate<T>(expression: string): Promise<T> }> {
  const opener = await browser.context.newPage();
  await opener.goto(browser.extensionUrl('managed-schema.json'));
  await opener.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'open-side-panel';
    button.textContent = 'open';
    button.onclick = () => void chrome.windows.getCurrent().then((win) => chrome.sidePanel.open({ windowId: win.id! }));
    document.body.replaceChildren(button);
  });
  await opener.click('#open-side-panel');
  const cdp = await browser.context.newCDPSession(opener);
  let targetId: string | undefined;
  for (let attempt = 0; attempt < 50 && !targetId; attempt++) {
    const { targetInfos } = await cdp.send('Target.getTargets');
    targetId = targetInfos.find((t) => t.url.startsWith(browser.extensionUrl('sidepanel.html')))?.targetId;
    if (!targetId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!targetId) throw new Error('the side panel did not open');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 0;
  return {
    evaluate<T>(expression: string) {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        const listener = (event: { sessionId: string; message: string }) => {
          const message = JSON.parse(event.message) as { id?: number; result?: { result?: { value?: T }; exceptionDetails?: unknown } };
          if (event.sessionId !== sessionId || message.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', listener as never);
          if (message.result?.exceptionDetails) reject(new Error(JSON.stringify(message.result.exceptionDetails)));
          else resolve(message.result?.result?.value as T);
        };
        cdp.on('Target.receivedMessageFromTarget', listener as never);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } }) });
      });
    },
  };
}
