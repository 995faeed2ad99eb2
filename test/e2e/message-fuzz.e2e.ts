import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// Fuzzed messages against the real background: hundreds of malformed or unknown messages from an
// extension page and from a CRM page's isolated world stand-in. The worker keeps answering and no
// stored data changes.

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  const deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[0].url);
  await tabIdOf(browser, deal);
});

afterAll(async () => {
  await browser?.close();
});

describe('fuzzed messages to the background', () => {
  it('never crash it and never change stored data', async () => {
    const tables = ['deals', 'stageVisits', 'checklist', 'activities', 'playbooks', 'settings'];
    // What the background learns from the deals on its own schedule (after install, daily, after a
    // sync or import) may land while this test runs; no message writes it, and any change a message
    // made to the deals it is learned from shows in the deal tables themselves.
    const stored = async () => {
      const rows = await Promise.all(tables.map((t) => readStore<{ id?: string; value?: Record<string, unknown> }>(browser, t)));
      return rows.map((table, i) =>
        tables[i] === 'settings' ? table.map((row) => ({ ...row, value: { ...row.value, learnedRotDays: undefined, teamConversion: undefined } })) : table,
      );
    };
    const before = await stored();
    const page = await browser.context.newPage();
    await page.goto(browser.extensionUrl('managed-schema.json'));
    const outcome = await page.evaluate(async () => {
      let seed = 424242;
      const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
      const values: unknown[] = [null, 1, -1, 'x', '<img src=x onerror=alert(1)>', [], {}, { tabId: -5 }, { tabId: 'all' }, { retryAll: true }, { retryAll: 'yes' }, { url: 'https://acme.pipedrive.com/deal/1', ref: { crm: 'pipedrive', account: 'a', dealId: '1' }, snapshot: { crm: 'pipedrive' } }, JSON.parse('{"__proto__": {"x": 1}}'), 'a'.repeat(100_000)];
      const types = ['dealSeen', 'pageState', 'ping', 'rereadTab', 'reread', 'openQuickLog', 'writeToCrm', 'unknownType', '__proto__', '', 'constructor'];
      const replies: string[] = [];
      for (let i = 0; i < 300; i++) {
        const message = random() < 0.1 ? values[Math.floor(random() * values.length)] : { id: i, type: types[Math.floor(random() * types.length)], timestamp: Date.now(), data: values[Math.floor(random() * values.length)] };
        try {
          const reply = await chrome.runtime.sendMessage(message);
          replies.push(JSON.stringify(reply ?? null).slice(0, 80));
        } catch (error) {
          replies.push(`threw: ${String(error)}`);
        }
      }
      const ping = await chrome.runtime.sendMessage({ id: 999, type: 'ping', timestamp: Date.now(), data: null });
      return { rejected: replies.filter((r) => r.includes('rejected')).length, ping };
    });
    expect(outcome.rejected).toBeGreaterThan(50);
    expect(outcome.ping).toMatchObject({ res: { startedAt: expect.any(Number) } });
    expect(await stored()).toEqual(before);
  });
});
