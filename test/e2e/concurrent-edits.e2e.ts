import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, type ExtensionBrowser } from '../../scripts/browser';
import type { StoredPlaybook } from '../../lib/db/database';

// Two options tabs in a real Chromium editing the same playbook at once. Tab A holds an unsaved
// edit while tab B saves: A's playbook name is emptied first, so A cannot save (an invalid draft
// is never written) until the name is typed back — then A's save meets B's stored change.

let browser: ExtensionBrowser;
let a: Page;
let b: Page;
let playbookName: string;

async function stored(): Promise<StoredPlaybook['playbook']> {
  const local = (await readStore<StoredPlaybook>(browser, 'playbooks')).find((row) => row.origin === 'local');
  if (!local) throw new Error('no local playbook stored');
  return local.playbook;
}
const firstStage = async () => (await stored()).pipelines[0]!.stages[0]!;
const status = (page: Page) => page.getByTestId('save-status').textContent();

async function openOptions(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.getByTestId('stage-list').waitFor({ timeout: 15_000 });
  return page;
}

/** Tab A gets an edit it cannot save yet: its playbook name is empty. */
async function holdUnsaved(page: Page, edit: () => Promise<void>) {
  await page.getByTestId('playbook-name').fill('');
  await expect.poll(() => status(page)).toContain('Not saved — fix this first');
  await edit();
}
const release = (page: Page) => page.getByTestId('playbook-name').fill(playbookName);

beforeAll(async () => {
  browser = await launchWithExtension();
  // the background seeds the default template on install
  for (let attempt = 0; (await readStore(browser, 'playbooks').catch(() => [])).length === 0; attempt++) {
    if (attempt > 150) throw new Error('no playbook was seeded');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  playbookName = (await stored()).name;
  a = await openOptions();
  b = await openOptions();
});

afterAll(async () => {
  await browser?.close();
});

describe('two options tabs editing the playbook at once', () => {
  it('different fields: both edits are stored and each tab shows the other’s', async () => {
    await holdUnsaved(a, () => a.getByTestId('guidance-input').fill('From tab A: ask who signs.'));
    await b.getByTestId('stage-name').fill('Qualified by tab B');
    await expect.poll(async () => (await firstStage()).name).toBe('Qualified by tab B');
    expect(await status(b)).toBe('All changes saved');

    await release(a);
    await expect.poll(() => status(a)).toBe('All changes saved, together with the changes made in another tab');
    expect(await firstStage()).toMatchObject({ name: 'Qualified by tab B', guidance: 'From tab A: ask who signs.' });
    expect((await stored()).name).toBe(playbookName);
    expect(await a.getByTestId('stage-name').inputValue()).toBe('Qualified by tab B');
    await expect.poll(() => b.getByTestId('guidance-input').inputValue()).toBe('From tab A: ask who signs.');
  });

  it('the same field: the other tab’s text stays stored, both are shown, and the one the manager keeps is saved', async () => {
    await holdUnsaved(a, () => a.getByTestId('guidance-input').fill('Tab A: book the CFO call.'));
    await b.getByTestId('guidance-input').fill('Tab B: send the security questionnaire.');
    await expect.poll(async () => (await firstStage()).guidance).toBe('Tab B: send the security questionnaire.');

    await release(a);
    const conflict = a.getByTestId('conflict');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await status(a)).toBe('Not all saved — another tab changed the same things: choose below what to keep');
    expect(await conflict.getByTestId('conflict-where').textContent()).toMatch(/› Qualified by tab B › Guidance for reps$/);
    expect(await conflict.getByTestId('conflict-mine').textContent()).toBe('Tab A: book the CFO call.');
    expect(await conflict.getByTestId('conflict-theirs').textContent()).toBe('Tab B: send the security questionnaire.');
    expect((await firstStage()).guidance).toBe('Tab B: send the security questionnaire.');
    expect(await a.getByTestId('guidance-input').inputValue()).toBe('Tab A: book the CFO call.');

    await conflict.getByTestId('conflict-keep-mine').click();
    await expect.poll(() => status(a)).toBe('All changes saved');
    expect(await a.getByTestId('conflicts').count()).toBe(0);
    expect((await firstStage()).guidance).toBe('Tab A: book the CFO call.');
    await expect.poll(() => b.getByTestId('guidance-input').inputValue()).toBe('Tab A: book the CFO call.');
  });
});
