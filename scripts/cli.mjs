#!/usr/bin/env node
// Runs one of the project's commands (scorecard, import, project, team-sync, extract) with plain
// node: the TypeScript command is bundled once with esbuild (its packages left to node_modules) and
// bundled again only when a source file is newer than the bundle, so a run starts without compiling
// TypeScript each time. Usage: node scripts/cli.mjs <command> [args…]
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const COMMANDS = ['scorecard', 'import', 'project', 'team-sync', 'extract'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (!COMMANDS.includes(command)) {
  process.stderr.write(`usage: node scripts/cli.mjs <${COMMANDS.join('|')}> [args…]\n`);
  process.exit(2);
}

/** The newest modification time (ms) of the sources a command is built from. */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|tsx|mts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(root, 'lib'));
  visit(join(root, 'scripts'));
  for (const file of ['package-lock.json', 'tsconfig.json']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

// One folder per checkout: two checkouts sharing one node_modules never run each other's bundle.
const checkout = createHash('sha256').update(root).digest('hex').slice(0, 12);
const bundle = join(root, 'node_modules', '.cache', 'stagecraft-cli', checkout, `${command}.mjs`);
let fresh = false;
try {
  fresh = statSync(bundle).mtimeMs >= newestSource();
} catch {
  // Not bundled yet.
}
if (!fresh) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  // Written beside and renamed, so two runs bundling at once never read half a file.
  const partial = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'scripts', `${command}.ts`)],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  renameSync(partial, bundle);
}
// The command reads its arguments from process.argv, as when node runs it directly.
process.argv = [process.argv[0], bundle, ...args];
await import(pathToFileURL(bundle).href);
