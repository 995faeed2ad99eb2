// The team sync of a 200-rep team — 20 000 deals with about 200 000 activities — as a manager runs it:
// the whole `team-sync` command (node start-up included) against HubSpot's API served on loopback.
// Figures: the time the command takes (and the deals synced per second), and its peak memory, read
// from the process's high-water mark (/proc/<pid>/status VmHWM) while it runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../test/support/crm-servers/hubspot';
import { generateTeam } from '../test/support/crm-servers/team';
import type { Figure } from './stats';

const root = resolve(import.meta.dirname, '..');
const DEALS = 20_000;

/** The process's peak resident memory so far, in KB (Linux); null where /proc is not there. */
function peakKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export async function measureTeamSync(): Promise<Figure[]> {
  const world = generateTeam({ crm: 'hubspot', seed: 2026, deals: DEALS, owners: 200, activitiesPerDeal: 10 });
  const server = hubspotServer(world, { frozen: true });
  const { origin, close } = await server.listen();
  const dir = mkdtempSync(join(tmpdir(), 'bench-team-sync-'));
  try {
    const out = join(dir, 'team.json');
    const args = ['--import', 'tsx', 'scripts/team-sync.ts', '--crm', 'hubspot', '--token', HUBSPOT_TEST_TOKEN, '--api-base', origin, '--since', '2000-01-01', '--out', out];
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak: number | null = null;
    const watch = setInterval(() => {
      const now = child.pid === undefined ? null : peakKb(child.pid);
      if (now !== null) peak = Math.max(peak ?? 0, now);
    }, 20);
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    clearInterval(watch);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`team-sync failed: ${stderr.trim()}`);
    const history = JSON.parse(readFileSync(out, 'utf8')) as { deals: unknown[]; activities: unknown[] };
    const detail = `${history.deals.length.toLocaleString('en')} deals, ${history.activities.length.toLocaleString('en')} activities, ${server.log.length.toLocaleString('en')} requests; ${Math.round(history.deals.length / seconds).toLocaleString('en')} deals/s`;
    return [
      { name: `team sync, ${DEALS.toLocaleString('en')} deals (whole command, HubSpot on loopback)`, value: seconds, unit: 's', budget: 120, kind: 'max', detail },
      { name: `team sync peak memory at ${DEALS.toLocaleString('en')} deals`, value: peak === null ? Number.NaN : peak / 1024, unit: 'MB', budget: 512, kind: 'max', detail: 'the command’s resident-memory high-water mark' },
    ];
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: `npx tsx bench/team-sync.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const figure of await measureTeamSync()) console.log(`${figure.name}: ${figure.value.toFixed(2)} ${figure.unit} (${figure.detail})`);
}
