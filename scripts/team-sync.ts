// `npm run --silent team-sync -- --crm hubspot|salesforce|pipedrive --token TOKEN [--instance URL]
//   [--company NAME] [--api-base URL] [--since YYYY-MM-DD] [--playbook PLAYBOOK.json] --out FILE.json`
//
// Reads the whole team's pipeline from the CRM's API (lib/team-sync) and writes it as a scorecard
// history file (the `scorecard` command's input), its values in the CRM's company currency at the
// CRM's rates when every deal has one. One line on stderr: the summary with the currency the values
// are in, or what failed
// (401, 403, rate limit, unreachable, a malformed answer with its JSON path); a failure exits non-zero
// and leaves no file (the file is written to a temporary name and renamed when complete).
//
// --instance: Salesforce's My Domain URL (https://acme.my.salesforce.com). --company: Pipedrive's
// company (acme, or acme.pipedrive.com). --api-base replaces the scheme and host of the CRM's API (a
// sandbox, a test server). --since: the window starts that day (default 24 months ago): every open
// deal plus the deals created or closed since. --playbook: the team's playbook file (as exported from
// the options page): the checklist ticks the reps shared through the CRM become the file's checklist,
// read exactly as the extension's sync reads them (lib/team-sync/source.ts), and the summary says how
// many were shared and how many tasks of an older playbook were ignored.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { connectorOf } from '../lib/crm/connectors';
import { CRM_IDS, type CrmId } from '../lib/model/deal';
import { parseDay } from '../lib/metrics/dates';
import { historyPieces } from '../lib/metrics/history';
import type { Playbook } from '../lib/model/playbook.schema';
import { parsePlaybookFile } from '../lib/playbook-io/playbook-file';
import { createSyncHttp, defaultSince, describeMoney, describeSyncDone, describeSyncFailure, describeTicks, inCompanyCurrency, memoryTeamSyncStore, runTeamSync, teamSyncPlan, type TeamSyncTarget } from '../lib/team-sync';
import { syncedTeamHistory } from '../lib/team-sync/source';

const USAGE = 'usage: team-sync --crm hubspot|salesforce|pipedrive --token TOKEN [--instance URL] [--company NAME] [--api-base URL] [--since YYYY-MM-DD] [--playbook PLAYBOOK.json] --out FILE.json';
const FLAGS = ['--crm', '--token', '--instance', '--company', '--api-base', '--since', '--playbook', '--out'] as const;
type Flag = (typeof FLAGS)[number];

class UsageError extends Error {}

function parseArgs(args: readonly string[]): Partial<Record<Flag, string>> {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') continue;
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg : arg.slice(0, eq)) as Flag;
    if (!FLAGS.includes(name)) throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (${USAGE})`);
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`${name}: expected a value`);
    values[name] = value;
  }
  return values;
}

function targetOf(values: Partial<Record<Flag, string>>): TeamSyncTarget {
  const token = values['--token'];
  let apiBase: string | undefined;
  if (values['--api-base']) {
    let url: URL;
    try {
      url = new URL(values['--api-base']);
    } catch {
      throw new UsageError(`--api-base: ${JSON.stringify(values['--api-base'])} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--api-base: expected an http or https URL');
    apiBase = url.origin;
  }
  const crm = values['--crm'];
  if (!crm || !(CRM_IDS as readonly string[]).includes(crm)) throw new UsageError(`--crm: expected hubspot, salesforce or pipedrive (${USAGE})`);
  const chosen = connectorOf(crm as CrmId).teamSync.targetOfFlags({ token, instance: values['--instance'], company: values['--company'], apiBase });
  if (!chosen.ok) throw new UsageError(chosen.usage);
  return chosen.target;
}

async function main(args: readonly string[]): Promise<number> {
  const fail = (message: string, code = 1) => {
    process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);
    return code;
  };
  let values: Partial<Record<Flag, string>>;
  let target: TeamSyncTarget;
  let since: number;
  try {
    values = parseArgs(args);
    target = targetOf(values);
    if (!values['--out']) throw new UsageError(`--out: expected the file to write (${USAGE})`);
    if (values['--since'] !== undefined) {
      const day = parseDay(values['--since']);
      if (day === null) throw new UsageError(`--since: ${JSON.stringify(values['--since'])} is not a date YYYY-MM-DD`);
      since = day;
    } else since = defaultSince(new Date());
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  const out = values['--out']!;
  let playbook: Playbook | null = null;
  if (values['--playbook'] !== undefined) {
    let text: string;
    try {
      text = readFileSync(values['--playbook'], 'utf8');
    } catch (error) {
      return fail(`${values['--playbook']}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const parsed = parsePlaybookFile(text);
    if (!parsed.ok) return fail(`${values['--playbook']}: ${parsed.error.detail}`);
    playbook = parsed.value;
  }

  const store = memoryTeamSyncStore();
  const http = createSyncHttp({ fetch: globalThis.fetch.bind(globalThis), now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
  const result = await runTeamSync({ plan: teamSyncPlan(target), store, http, now: () => new Date(), since, mode: 'full' });
  if (result.status === 'failed') return fail(describeSyncFailure(target.crm, result.failure));
  if (result.status !== 'complete') return fail('the sync stopped before it completed', 2);

  const data = await store.data();
  // In the CRM's company currency at its rates when every deal has one; else as each deal states it.
  const team = syncedTeamHistory(data, since, playbook);
  const { history, missing } = inCompanyCurrency(team.history, data.currency);
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  try {
    // In pieces: a whole team's history can be larger than one string may be.
    const fd = openSync(temporary, 'w');
    try {
      for (const piece of historyPieces(history)) writeSync(fd, piece);
      writeSync(fd, '\n');
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    return fail(`${out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  process.stderr.write(`${describeSyncDone(result.meta, result.run, { deals: history.deals.length, activities: history.activities.length })} → ${out}; ${describeMoney(data.currency?.company ?? null, missing)}${playbook ? `; ${describeTicks(team.shared, team.ignored)}` : ''}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
