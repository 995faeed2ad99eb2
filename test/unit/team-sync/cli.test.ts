import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseHistoryText } from '@/lib/metrics/history.schema';
import { exportPlaybook } from '@/lib/playbook-io/playbook-file';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { defaultSince } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../../support/crm-servers/pipedrive';
import { json, type CrmServer } from '../../support/crm-servers/server';
import { generateTeam, groundTruth, WORLD_MONEY } from '../../support/crm-servers/team';
import { expectSameHistory } from './helpers';
import { asStoredLocally, intoCrm, playbookFor, shareTicks } from './ticks';

// The `team-sync` command as a manager runs it, against a vendor-shaped server on loopback
// (`--api-base`): it writes the scorecard history file and one summary line; a failure is one line,
// a non-zero exit and no file at all.

const root = resolve(import.meta.dirname, '../../..');
const cli = resolve(root, 'scripts/cli.mjs');
let closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function serve(server: CrmServer): Promise<string> {
  const { origin, close } = await server.listen();
  closers.push(close);
  return origin;
}

function teamSync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, 'team-sync', ...args], { cwd: root }, (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

function oneLine(result: { code: number; stdout: string; stderr: string }): string {
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('team-sync command', () => {
  it('writes the HubSpot team’s history: the scorecard command’s file, with the true figures', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 31, deals: 400, now: Date.now() - 60_000 });
    const server = hubspotServer(world);
    const origin = await serve(server);
    const dir = mkdtempSync(join(tmpdir(), 'team-sync-'));
    const out = join(dir, 'team.json');
    const result = await teamSync(['--crm', 'hubspot', '--token', HUBSPOT_TEST_TOKEN, '--api-base', origin, '--since', '2025-01-01', '--out', out]);
    expect(result.code).toBe(0);
    const truth = groundTruth(world, Date.UTC(2025, 0, 1));
    const n = (value: number) => value.toLocaleString('en-US').replace(/,/g, ' ');
    expect(oneLine(result)).toBe(`synced ${n(truth.deals.length)} deals and ${n(truth.activities.length)} activities from HubSpot (full run, ${server.log.length} requests, ${n(250_000 - server.log.length)} left in the budget) → ${out}; values in EUR, the CRM's company currency, at its rates`);
    // HubSpot states 1 EUR = 1.086957 USD (six decimals): 1 USD = 1 / 1.086957 EUR, and so on.
    const toEur = (code: string | null) => (code === 'EUR' ? 1 : 1 / Number((1 / WORLD_MONEY.rates[code as keyof typeof WORLD_MONEY.rates]).toFixed(6)));
    expect(new Set(truth.deals.map((d) => d.currency))).toEqual(new Set(['EUR', 'USD', 'SEK', 'NOK']));
    const truthInEur = { ...truth, deals: truth.deals.map((d) => ({ ...d, value: d.value * toEur(d.currency), currency: 'EUR' })) };
    const written = parseHistoryText(readFileSync(out, 'utf8'));
    expect(written.currency).toBe('EUR');
    expectSameHistory(written, truthInEur);
    const options = { asOf: world.now, from: null, toExclusive: null };
    expect(computeScorecard(written, options)).toEqual(computeScorecard(truthInEur, options));
    expect(server.log.slice(-2).map((r) => r.line)).toEqual(['GET /account-info/v3/details', 'GET /settings/v3/currencies/exchange-rates/current']);
    expect(server.log[0]!.line).toBe('GET /crm/v3/pipelines/deals');
    expect(server.log[0]!.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);
    expect(readdirSync(dir)).toEqual(['team.json']);
  });

  it('--playbook: the checklist ticks the reps shared are the file’s checklist, giving the adoption their own browsers give; tasks of an older playbook are counted in the summary', async () => {
    const now = Date.now() - 60_000;
    const world = generateTeam({ crm: 'hubspot', seed: 91, deals: 120, owners: 4, now });
    const playbook = playbookFor('hubspot');
    const { ticks, sharers } = shareTicks(world, now);
    const since = Date.UTC(2025, 0, 1);
    const inWindow = new Set(groundTruth(world, since).deals.map((d) => d.id));
    intoCrm(world, ticks, inWindow);
    const origin = await serve(hubspotServer(world));
    const dir = mkdtempSync(join(tmpdir(), 'team-sync-'));
    const playbookFile = join(dir, 'playbook.json');
    writeFileSync(playbookFile, exportPlaybook(playbook, new Date(now)));
    const out = join(dir, 'team.json');
    const result = await teamSync(['--crm', 'hubspot', '--token', HUBSPOT_TEST_TOKEN, '--api-base', origin, '--since', '2025-01-01', '--playbook', playbookFile, '--out', out]);
    expect(result.code).toBe(0);
    const shared = ticks.filter((t) => inWindow.has(t.dealId)).length;
    expect(oneLine(result)).toMatch(new RegExp(`; ${shared} checklist ticks shared by the team; 2 checklist tasks from an older playbook were ignored$`));
    const written = parseHistoryText(readFileSync(out, 'utf8'));
    expect(written.checklist).toHaveLength(shared);
    // In the scorecard command's terms: each sharing rep's adoption is what the ticks stored in the rep's browser give.
    const options = { asOf: new Date(now).toISOString().slice(0, 10) };
    const sales = { ...written, deals: written.deals.filter((d) => d.pipeline === 'default') };
    const fromFile = computeScorecard(sales, options);
    const fromBrowsers = computeScorecard(asStoredLocally(world, playbook, ticks, sharers, since), options);
    for (const owner of sharers) {
      expect(fromFile.owners[owner]!.adoption, owner).toEqual(fromBrowsers.owners[owner]!.adoption);
      expect(fromFile.owners[owner]!.adoption.required).toBeGreaterThan(0);
    }
    // Reps who share nothing are left out of adoption, not counted as zero.
    for (const owner of Object.keys(fromFile.owners).filter((o) => !sharers.has(o))) expect(fromFile.owners[owner]!.adoption.required).toBe(0);
    expect(fromFile.team.adoption).toEqual(fromBrowsers.team.adoption);
    // A playbook file that is not one: one line, no file.
    writeFileSync(playbookFile, '{"format":"something else"}');
    const refused = await teamSync(['--crm', 'hubspot', '--token', HUBSPOT_TEST_TOKEN, '--api-base', origin, '--playbook', playbookFile, '--out', join(dir, 'other.json')]);
    expect(refused.code).toBe(1);
    expect(oneLine(refused)).toMatch(/^.*playbook\.json: /);
    expect(readdirSync(dir).sort()).toEqual(['playbook.json', 'team.json']);
  }, 60_000);

  it('Pipedrive with the default window (24 months): every open deal and what was created or closed since', async () => {
    const world = generateTeam({ crm: 'pipedrive', seed: 32, deals: 150, now: Date.now() - 60_000 });
    const origin = await serve(pipedriveServer(world));
    const out = join(mkdtempSync(join(tmpdir(), 'team-sync-')), 'team.json');
    const result = await teamSync(['--crm', 'pipedrive', '--company', 'acme', '--token', PIPEDRIVE_TEST_TOKEN, '--api-base', origin, '--out', out]);
    expect(result.code).toBe(0);
    const truth = groundTruth(world, defaultSince(new Date()));
    // Pipedrive names the company currency but keeps no rates: values stay as each deal states them.
    const count = (code: string) => truth.deals.filter((d) => d.currency === code).length;
    expect(oneLine(result)).toMatch(/^synced \d+ deals and \d+ activities from Pipedrive \(full run, .*\) → .*team\.json; /);
    expect(oneLine(result).split('; ')[1]).toBe(`values as each deal states them: the CRM has no rate to EUR for NOK (${count('NOK')} deals), SEK (${count('SEK')} deals), USD (${count('USD')} deals)`);
    expectSameHistory(parseHistoryText(readFileSync(out, 'utf8')), truth);
  });

  it.each([
    ['a refused token', (s: CrmServer) => s.faults.push({ when: () => true, respond: () => json({ status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }, 401) }), /^HubSpot answered 401 \(unauthorized\) to GET \/crm\/v3\/pipelines\/deals: the token or session was refused \(INVALID_AUTHENTICATION: Authentication credentials not found\.\)$/],
    ['a token without the scope', (s: CrmServer) => s.faults.push({ when: (r) => r.line.startsWith('GET /crm/v3/owners'), respond: () => json({ status: 'error', message: 'This app hasn\'t been granted all required scopes', category: 'MISSING_SCOPES' }, 403) }), /^HubSpot answered 403 \(forbidden\) to GET \/crm\/v3\/owners: the token lacks read access to the team's data \(MISSING_SCOPES: .*\)$/],
    ['a rate limit that lasts', (s: CrmServer) => s.faults.push({ when: (r) => r.line.startsWith('POST'), respond: () => json({ status: 'error', message: 'daily limit', errorType: 'RATE_LIMIT' }, 429, { 'retry-after': '86400' }) }), /^HubSpot rate limit reached to POST \/crm\/v3\/objects\/deals\/search: try again in 86400 s/],
    ['a malformed page', (s: CrmServer) => s.faults.push({ when: (r) => r.line.includes('after=50&'), respond: () => json({ results: [{ id: '1', properties: { amount: 12 } }] }) }), /^HubSpot sent a malformed answer to GET \/crm\/v3\/objects\/deals: results\[0\]\.properties\.amount: /],
  ])('%s: one line, a non-zero exit and no file', async (_name, fault, line) => {
    const world = generateTeam({ crm: 'hubspot', seed: 33, deals: 120 });
    const server = hubspotServer(world);
    fault(server);
    const origin = await serve(server);
    const dir = mkdtempSync(join(tmpdir(), 'team-sync-'));
    const result = await teamSync(['--crm', 'hubspot', '--token', HUBSPOT_TEST_TOKEN, '--api-base', origin, '--out', join(dir, 'team.json')]);
    expect(result.code).toBe(1);
    expect(oneLine(result)).toMatch(line);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unreachable API and bad arguments: one line each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'team-sync-'));
    const { origin, close } = await hubspotServer(generateTeam({ crm: 'hubspot', seed: 1, deals: 1 })).listen();
    await close(); // nothing listens there any more
    const unreachable = await teamSync(['--crm', 'hubspot', '--token', HUBSPOT_TEST_TOKEN, '--api-base', origin, '--out', join(dir, 'x.json')]);
    expect(unreachable.code).toBe(1);
    expect(oneLine(unreachable)).toMatch(/^HubSpot is unreachable to GET \/crm\/v3\/pipelines\/deals/);
    expect(oneLine(await teamSync(['--crm', 'zoho', '--token', 't', '--out', 'x.json']))).toMatch(/^--crm: expected hubspot, salesforce or pipedrive/);
    expect(oneLine(await teamSync(['--crm', 'salesforce', '--token', 't', '--out', 'x.json']))).toMatch(/^--instance: Salesforce needs/);
    expect(oneLine(await teamSync(['--crm', 'hubspot', '--token', 't', '--since', '2025-13-01', '--out', 'x.json']))).toBe('--since: "2025-13-01" is not a date YYYY-MM-DD');
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
