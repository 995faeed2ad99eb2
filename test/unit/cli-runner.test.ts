import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

// `npm run scorecard` (and the other commands) run node scripts/cli.mjs: the TypeScript command
// bundled once, then run with plain node. What it prints must be exactly what the TypeScript
// command prints when run through tsx.

const root = resolve(import.meta.dirname, '../..');
const run = async (file: string, args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};
const bundled = (command: string, args: string[]) => run(process.execPath, ['scripts/cli.mjs', command, ...args]);
const throughTsx = (command: string, args: string[]) => run(resolve(root, 'node_modules/.bin/tsx'), [`scripts/${command}.ts`, ...args]);

describe('the commands run bundled with plain node', () => {
  it.each([
    ['scorecard', ['test/fixtures/metrics/small.json', '--as-of', '2026-03-31']],
    ['import', ['test/fixtures/history-import/hubspot-deals-de.csv']],
    ['import', ['test/fixtures/history-import/zoho-deals.csv']],
    ['team-sync', ['--crm', 'nope']],
  ])('%s %j prints what the TypeScript command prints, with the same exit code', async (command, args) => {
    const [a, b] = [await bundled(command, args), await throughTsx(command, args)];
    expect(a).toEqual(b);
  }, 90_000);

  it('an unknown command is refused with the list of commands', async () => {
    expect(await bundled('nope', [])).toEqual({ code: 2, stdout: '', stderr: 'usage: node scripts/cli.mjs <scorecard|import|project|team-sync|extract> [args…]\n' });
  });
});
