import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryImport } from '@/components/history-import/HistoryImport';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { parseHistoryText } from '@/lib/metrics/history';
import { allByTestId, button, byLabel, byTestId, cleanup, click, mount, pickFile, queryTestId, select, text, waitFor } from '../helpers/render';
import { fixture, salesPlaybook } from './helpers';

const NOW = new Date('2026-03-05T10:00:00.000Z');
const now = () => NOW;
let db: StagecraftDb;

const csvFile = (name: string, content = fixture(name)) => new File([content], name, { type: 'text/csv' });

async function open(props: Partial<Parameters<typeof HistoryImport>[0]> = {}, locale: Parameters<typeof mount>[1] = 'en') {
  const { container } = await mount(<HistoryImport db={db} now={now} {...props} />, locale);
  await waitFor(() => byTestId(container, 'history-import-empty'));
  return container;
}

const input = (root: HTMLElement) => byLabel<HTMLInputElement>(root, 'History file (JSON, CSV or Excel)');
const importButton = (root: HTMLElement) => byTestId<HTMLButtonElement>(root, 'history-import-confirm');
const status = (root: HTMLElement) => text(byTestId(root, 'history-import-status'));

beforeEach(() => {
  db = openDatabase(`test-history-panel-${Math.random()}`);
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('the history import panel', () => {
  it('pick a CRM export → format and mapping shown → preview → import → listed; delete removes it', async () => {
    const root = await open();
    expect(input(root).getAttribute('type')).toBe('file');
    expect(text(root)).toContain('Files up to 100.0 MB.');

    await pickFile(input(root), csvFile('pipedrive-deals.csv'));
    await waitFor(() => expect(importButton(root).disabled).toBe(false));

    expect(text(byTestId(root, 'history-import-format'))).toBe('Recognised as: Pipedrive deals export.');
    // Every field's column, shown in a labelled select, with the first value it reads.
    const title = byLabel<HTMLSelectElement>(root, /^Deal name/);
    expect(title.selectedOptions[0]!.textContent).toBe('Deal - Title');
    expect(text(root.querySelector('tr[data-field="title"] .history-import__example'))).toBe('Nordic Foods, Q1 rollout');
    expect(byLabel<HTMLSelectElement>(root, /^Owner/).selectedOptions[0]!.textContent).toBe('Deal - Owner');
    expect(byLabel<HTMLSelectElement>(root, /^Close date/).selectedOptions[0]!.textContent).toBe('Deal - Deal closed on');
    expect(text(root.querySelector('tr[data-field="stage"] th'))).toBe('Stage (required)');
    expect(text(root.querySelector('tr[data-field="id"] th'))).toBe('Deal ID (required, or Deal name)');

    expect(text(byTestId(root, 'history-import-preview-deals'))).toBe('13 (open 5, won 5, lost 3)');
    expect(text(byTestId(root, 'history-import-preview-owners'))).toBe('Anna Berg, Ben Ortiz, Chiara Rossi');
    expect(text(byTestId(root, 'history-import-preview-range'))).toBe('1 Dec 2025 – 1 Mar 2026');
    expect(allByTestId(root, 'history-import-preview-pipeline').map(text)).toEqual([
      'Sales pipeline: Qualified → Contact Made → Demo Scheduled → Proposal Made → Negotiations Started',
      'Partners: Intro → Evaluation → Agreement',
    ]);
    expect(status(root)).toBe('Ready to import: 13 deals.');
    expect(await db.histories.count()).toBe(0); // nothing stored before Import

    await click(importButton(root));
    await waitFor(() => expect(status(root)).toBe('Imported “pipedrive-deals.csv”: 13 deals.'));
    const items = await waitFor(() => {
      const found = allByTestId(root, 'history-import-item');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(text(items[0])).toContain('pipedrive-deals.csv');
    expect(text(items[0])).toContain('Pipedrive deals export · 13 deals · imported 5 Mar 2026');
    expect(queryTestId(root, 'history-import-mapping')).toBeNull();
    const rows = await db.histories.toArray();
    expect(rows).toMatchObject([{ name: 'pipedrive-deals.csv', format: 'pipedrive-csv', importedAt: NOW.toISOString() }]);
    expect(parseHistoryText(JSON.stringify(rows[0]!.history)).deals).toHaveLength(13);

    await click(button(root, 'Delete the import “pipedrive-deals.csv”'));
    await waitFor(() => byTestId(root, 'history-import-empty'));
    // The list empties as the row goes; the status follows once the stall limits learned from it are recomputed.
    await waitFor(() => expect(status(root)).toBe('Deleted “pipedrive-deals.csv”.'));
    expect(await db.histories.count()).toBe(0);
  });

  it('bad rows are listed with their line and reason; Import stays disabled; nothing is stored', async () => {
    const root = await open();
    await pickFile(input(root), csvFile('pipedrive-bad-number.csv'));
    const problems = await waitFor(() => byTestId(root, 'history-import-problems'));
    expect(allByTestId(problems, 'history-import-problem').map(text)).toEqual(['Line 14: Deal - Value “12,5k” is not a number.']);
    expect(text(problems)).toContain('Problems found: 1');
    expect(importButton(root).disabled).toBe(true);
    expect(queryTestId(root, 'history-import-preview')).toBeNull();
    expect(status(root)).toBe('Problems found: 1. Nothing can be imported yet.');
    expect(byTestId(root, 'history-import-status').getAttribute('aria-live')).toBe('polite');
    expect(await db.histories.count()).toBe(0);
  });

  it('shows the first 50 problems and counts the rest', async () => {
    const rows = ['Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created'];
    for (let i = 0; i < 120; i++) rows.push(`D${i},Ann,Demo,Open,someday`);
    const root = await open();
    await pickFile(input(root), csvFile('many.csv', rows.join('\n')));
    const problems = await waitFor(() => byTestId(root, 'history-import-problems'));
    expect(allByTestId(problems, 'history-import-problem')).toHaveLength(50);
    expect(allByTestId(problems, 'history-import-problem')[0]!.dataset.line).toBe('2');
    expect(text(byTestId(problems, 'history-import-more'))).toBe('Problems not shown here: 70.');
  });

  it('a missing required column is named; choosing its column in the mapping makes the file importable', async () => {
    const renamed = fixture('hubspot-deals.csv').replace('Deal Stage', 'Current phase');
    const root = await open();
    await pickFile(input(root), csvFile('hubspot.csv', renamed));
    await waitFor(() => expect(text(byTestId(root, 'history-import-missing'))).toBe('Choose a column for Stage: it is required.'));
    expect(importButton(root).disabled).toBe(true);
    expect(text(byTestId(root, 'history-import-stage-columns'))).toContain('Stage history from 7 “Date entered” columns: Appointment Scheduled, Qualified To Buy');

    const stage = byLabel<HTMLSelectElement>(root, /^Stage/);
    await select(stage, String([...stage.options].find((o) => o.textContent === 'Current phase')!.value));
    await waitFor(() => expect(importButton(root).disabled).toBe(false));
    expect(queryTestId(root, 'history-import-missing')).toBeNull();
    expect(text(byTestId(root, 'history-import-preview-deals'))).toBe('10 (open 5, won 3, lost 2)');
  });

  it('changing a mapping checks the rows again (a wrong column gives problems, the right one clears them)', async () => {
    const root = await open();
    await pickFile(input(root), csvFile('pipedrive-deals.csv'));
    await waitFor(() => expect(importButton(root).disabled).toBe(false));
    const created = byLabel<HTMLSelectElement>(root, /^Created/);
    const right = created.value;
    await select(created, String([...created.options].find((o) => o.textContent === 'Deal - Title')!.value));
    await waitFor(() => expect(allByTestId(root, 'history-import-problem').length).toBe(13));
    expect(text(allByTestId(root, 'history-import-problem')[0])).toBe('Line 2: Deal - Title “Nordic Foods, Q1 rollout” is not a date.');
    expect(importButton(root).disabled).toBe(true);
    await select(created, right);
    await waitFor(() => expect(importButton(root).disabled).toBe(false));
  });

  it('the playbook gives the stage order when the pipeline name matches', async () => {
    const root = await open({ playbook: salesPlaybook() });
    await pickFile(input(root), csvFile('pipedrive-deals-eu.csv'));
    await waitFor(() => expect(importButton(root).disabled).toBe(false));
    expect(text(byTestId(root, 'history-import-format'))).toBe('Recognised as: Pipedrive deals export.');
    expect(byLabel<HTMLSelectElement>(root, 'Decimal separator in amounts').value).toBe(',');
    expect(byLabel<HTMLSelectElement>(root, 'Dates written like 3/1/2026 are').value).toBe('dmy');
    expect(allByTestId(root, 'history-import-preview-pipeline').map(text)).toEqual(['Sales: Qualified → Contact → Demo → Proposal → Negotiation → Won']);
  });

  it('another CRM’s export is refused naming what was found; a format can still be chosen by hand', async () => {
    const root = await open();
    await pickFile(input(root), csvFile('zoho-deals.csv'));
    const error = await waitFor(() => byTestId(root, 'history-import-error'));
    expect(error.dataset.code).toBe('unknownFormat');
    expect(text(error)).toContain('Not an export of Pipedrive, HubSpot or Salesforce we recognise.');
    expect(text(byTestId(error, 'history-import-error-detail'))).toMatch(/^Details: found 10 columns \("Record Id", "Deal Owner", .*, …\) but no Pipedrive “Deal - …” or “Deal created” column/);
    expect(status(root)).toBe('Not an export of Pipedrive, HubSpot or Salesforce we recognise. If it is one, choose its format below.');
    expect(importButton(root).disabled).toBe(true);
    expect(queryTestId(root, 'history-import-problems')).toBeNull();
  });

  it('an unrecognised file asks for the format', async () => {
    const root = await open();
    await pickFile(input(root), csvFile('odd.csv', 'Name,Step,Rep\nA,Demo,Ann\n'));
    await waitFor(() => expect(text(byTestId(root, 'history-import-format'))).toMatch(/^The columns were not recognised/));
    expect(importButton(root).disabled).toBe(true);
    await select(byLabel<HTMLSelectElement>(root, 'Format'), 'pipedrive');
    await waitFor(() => byTestId(root, 'history-import-missing'));
    expect(byLabel<HTMLSelectElement>(root, /^Stage/).value).toBe('');
  });

  it('the scorecard JSON file imports as it is', async () => {
    const root = await open();
    await pickFile(input(root), new File([fixture('scorecard.json')], 'team-history.json', { type: 'application/json' }));
    await waitFor(() => expect(importButton(root).disabled).toBe(false));
    expect(text(byTestId(root, 'history-import-format'))).toBe('Recognised as: Stagecraft scorecard file (JSON).');
    expect(queryTestId(root, 'history-import-mapping')).toBeNull();
    await click(importButton(root));
    await waitFor(() => expect(allByTestId(root, 'history-import-item')).toHaveLength(1));
    expect(text(allByTestId(root, 'history-import-item')[0])).toContain('Stagecraft scorecard file (JSON) · 2 deals');
  });

  it.each([
    ['a JSON file that is not a history', 'scorecard-unknown-stage.json', 'The JSON file is not a valid scorecard history.', 'Details: deals[0].stageHistory[1].stage: “demo” is not a stage of pipeline “new”'],
    ['a CSV file cut off inside a quote', 'salesforce-cut-off.csv', 'The file is not valid CSV.', 'Details: line 20: a quoted field is never closed (the file may be cut off)'],
  ])('%s is refused with the exact place', async (_, name, headline, detail) => {
    const root = await open();
    await pickFile(input(root), new File([fixture(name)], name));
    const error = await waitFor(() => byTestId(root, 'history-import-error'));
    expect(error.getAttribute('role')).toBe('alert');
    expect(text(error)).toContain('This file cannot be imported.');
    expect(text(error)).toContain(headline);
    expect(text(byTestId(error, 'history-import-error-detail'))).toBe(detail);
    expect(text(error)).toContain('Nothing was stored.');
    expect(queryTestId(root, 'history-import-confirm')).toBeNull();
  });

  it('a file over 100 MB is refused before it is read, with its size and the limit', async () => {
    const root = await open();
    const big = new File(['x'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: 150 * 1024 * 1024 });
    Object.defineProperty(big, 'text', { value: () => Promise.reject(new Error('must not be read')) });
    await pickFile(input(root), big);
    const error = await waitFor(() => byTestId(root, 'history-import-error'));
    expect(error.dataset.code).toBe('tooLarge');
    expect(text(error)).toContain('The file is too large (150.0 MB). The limit is 100.0 MB.');
  });

  it('in Swedish, the sizes, the refusal and its detail are Swedish too', async () => {
    const root = await open({}, 'sv');
    expect(text(root.querySelector('#history-import-file-hint'))).toBe('Filer upp till 100,0 MB. Ingenting sparas förrän du väljer Importera.');
    const big = new File(['x'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: 150 * 1024 * 1024 });
    Object.defineProperty(big, 'text', { value: () => Promise.reject(new Error('must not be read')) });
    const file = () => byTestId<HTMLInputElement>(root, 'history-import-file');
    await pickFile(file(), big);
    await waitFor(() => expect(text(byTestId(root, 'history-import-error'))).toContain('Filen är för stor (150,0 MB). Gränsen är 100,0 MB.'));

    await pickFile(file(), new File([fixture('scorecard-unknown-stage.json')], 'scorecard-unknown-stage.json'));
    await waitFor(() => expect(byTestId(root, 'history-import-error').dataset.code).toBe('notHistory'));
    expect(text(byTestId(root, 'history-import-error-detail'))).toBe('Detaljer: deals[0].stageHistory[1].stage: ”demo” är inte ett steg i pipelinen ”new”');

    await pickFile(file(), new File([fixture('salesforce-cut-off.csv')], 'salesforce-cut-off.csv'));
    await waitFor(() => expect(byTestId(root, 'history-import-error').dataset.code).toBe('csvSyntax'));
    expect(text(byTestId(root, 'history-import-error-detail'))).toBe('Detaljer: rad 20: ett citerat fält avslutas aldrig (filen kan ha klippts av)');
  });

  it('shows a progress bar with aria-valuenow while a large file is read and checked', async () => {
    const rows = ['Deal - ID,Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created'];
    for (let i = 0; i < 6_000; i++) rows.push(`${i},Deal ${i},Rep ${i % 7},Stage ${i % 5},Open,2026-01-01 09:00`);
    const root = await open();
    const seen: { now: string | null; label: string | null }[] = [];
    const observer = new MutationObserver(() => {
      const bar = root.querySelector('[role="progressbar"]');
      if (bar) seen.push({ now: bar.getAttribute('aria-valuenow'), label: bar.getAttribute('aria-labelledby') });
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true });
    await pickFile(input(root), csvFile('big.csv', rows.join('\n')));
    await waitFor(() => expect(importButton(root).disabled).toBe(false));
    observer.disconnect();
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((s) => s.label === 'history-import-progress-label')).toBe(true);
    expect(new Set(seen.map((s) => s.now)).size).toBeGreaterThan(1);
    expect(queryTestId(root, 'history-import-progress')).toBeNull(); // gone when done
    expect(text(byTestId(root, 'history-import-preview-deals'))).toBe('6000 (open 6000, won 0, lost 0)');
    // The heaviest component test: a generous limit for a busy two-core machine (no speed is asserted).
  }, 90_000);

  it('speaks the reader’s language', async () => {
    const root = await open({}, 'sv');
    expect(byLabel(root, 'Historikfil (JSON, CSV eller Excel)').getAttribute('type')).toBe('file');
    await pickFile(byLabel<HTMLInputElement>(root, 'Historikfil (JSON, CSV eller Excel)'), csvFile('pipedrive-bad-number.csv'));
    await waitFor(() => expect(allByTestId(root, 'history-import-problem').map(text)).toEqual(['Rad 14: Deal - Value ”12,5k” är inte ett tal.']));
  });
});
