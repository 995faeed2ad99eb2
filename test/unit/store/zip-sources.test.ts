import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_SOURCES, sourcesExcludes, untrackedPatterns } from '../../../scripts/zip-sources';

describe('sources archive excludes', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('turns untracked folders into folder patterns and keeps single files as they are', () => {
    expect(untrackedPatterns('demo-output/\nnotes.txt\n\nlib/scratch.ts\n')).toEqual(['demo-output/**', 'notes.txt', 'lib/scratch.ts']);
  });

  it('leaves out what git does not track, and demo and test output even when committed', () => {
    root = mkdtempSync(join(tmpdir(), 'sources-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root });
    git('init', '-q');
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'lib', 'engine.ts'), 'export {};');
    git('add', '.');
    git('commit', '-qm', 'sources');
    mkdirSync(join(root, 'demo-output'));
    writeFileSync(join(root, 'demo-output', 'panel.png'), '');
    writeFileSync(join(root, 'lib', 'draft.ts'), '');
    const excludes = sourcesExcludes(root);
    expect(excludes).toEqual(expect.arrayContaining([...NOT_SOURCES, 'demo-output/**', 'lib/draft.ts']));
    expect(excludes).not.toContain('lib/engine.ts');
  });

  it('still leaves out run output outside a git checkout', () => {
    root = mkdtempSync(join(tmpdir(), 'sources-'));
    expect(sourcesExcludes(root)).toEqual(NOT_SOURCES);
  });
});
