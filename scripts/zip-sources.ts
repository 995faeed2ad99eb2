// What the sources archive of `npm run zip` leaves out: it must hold the sources a store reviewer
// builds from, nothing a run or a person left in the folder (demo screenshots, test output, logs,
// files never committed).
import { execFileSync } from 'node:child_process';

/** Build and run output, and README pictures: never sources, committed or not. */
export const NOT_SOURCES = ['demo-output/**', 'test-output/**', 'docs/screenshots/**', 'bench-results.local.json', '**/*.log', '**/*.zip'];

/**
 * Exclude patterns for the files git does not track, from `git ls-files --others --directory`
 * output (an untracked folder is listed once, with a trailing slash).
 */
export function untrackedPatterns(lsFilesOutput: string): string[] {
  return lsFilesOutput
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((path) => (path.endsWith('/') ? `${path}**` : path));
}

/** Everything to leave out of the sources archive of the project at `root`. */
export function sourcesExcludes(root: string): string[] {
  let untracked: string[] = [];
  try {
    untracked = untrackedPatterns(execFileSync('git', ['ls-files', '--others', '--directory'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    // Not a git checkout (an unpacked sources archive): the fixed list still applies.
  }
  return [...NOT_SOURCES, ...untracked];
}
