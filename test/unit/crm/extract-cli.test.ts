// The extract CLI, run the way people run it (npx tsx scripts/extract.ts), on every fixture at once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFixtures, repoRoot, SHARED_PRESENT, SHARED_SKIP_MESSAGE } from './helpers';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function extract(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/extract.ts', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** stderr without npm's own notices (npx may print config warnings). */
const ownLines = (stderr: string) => stderr.split('\n').filter((l) => l && !/^npm (warn|notice)/i.test(l));

describe('extract CLI', () => {
  if (!SHARED_PRESENT) it.skip(SHARED_SKIP_MESSAGE, () => {});

  it(`prints exactly the expected JSON line for all ${allFixtures.length} fixtures`, async () => {
    // A few at a time: one process per fixture at once would swamp a two-core machine.
    const runs: Run[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < allFixtures.length; i = next++) runs[i] = await extract(['--url', allFixtures[i]!.url, allFixtures[i]!.htmlPath]);
    };
    await Promise.all([worker(), worker(), worker()]);
    runs.forEach((run, i) => {
      const f = allFixtures[i]!;
      expect([f.name, run.code, ownLines(run.stderr)]).toEqual([f.name, 0, []]);
      expect(run.stdout.endsWith('\n')).toBe(true);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect([f.name, lines[0]]).toEqual([f.name, JSON.stringify(f.expected)]);
    });
  }, 20_000 * allFixtures.length);

  it('exit codes and messages for bad input', async () => {
    const fixture = allFixtures[0]!;
    const [notDeal, noUrl, noFile, missing, twoFiles, verbose, stale] = await Promise.all([
      extract(['--url', 'https://brightwave.pipedrive.com/person/2291', fixture.htmlPath]),
      extract([fixture.htmlPath]),
      extract(['--url', fixture.url]),
      extract(['--url', fixture.url, path.join(repoRoot, 'test/fixtures/crm/does-not-exist.html')]),
      extract(['--url', fixture.url, fixture.htmlPath, fixture.htmlPath]),
      extract(['--verbose', '--url', 'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Opportunity/0065g00000Lx4QzAAJ/view', path.join(repoRoot, 'test/fixtures/crm/salesforce-closed-lost-dev.html')]),
      extract(['--url', 'https://brightwave.pipedrive.com/deal/1482', path.join(repoRoot, 'test/fixtures/crm/pipedrive-stale-view.html')]),
    ]);

    expect(notDeal.code).toBe(2);
    expect(notDeal.stdout).toBe('');
    expect(ownLines(notDeal.stderr)).toEqual(['extract: not a deal page: Pipedrive person page']);

    for (const run of [noUrl, noFile, missing, twoFiles]) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(ownLines(run.stderr)).toHaveLength(1);
    }
    expect(ownLines(missing.stderr)[0]).toMatch(/cannot read .*does-not-exist\.html: ENOENT/);

    // --verbose: field warnings on stderr, one line each naming CRM and field; stdout still one JSON line
    expect(verbose.code).toBe(0);
    expect(ownLines(verbose.stderr)).toEqual(['salesforce: closeDate: not found on the page']);
    expect(JSON.parse(verbose.stdout).closeDate).toBeNull();

    expect(stale.code).toBe(3);
    expect(stale.stdout).toBe('');
    expect(ownLines(stale.stderr)).toHaveLength(1);
  }, 120_000);
});
