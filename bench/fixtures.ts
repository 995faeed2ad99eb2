// The CRM reference pages the benchmarks read: the shared reference set when present beside the
// project, plus the project's own fixtures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface CrmFixture {
  name: string;
  url: string;
  html: string;
}

const root = resolve(import.meta.dirname, '..');
const FOLDERS = [resolve(root, '..', 'shared', 'fixtures', 'crm'), resolve(root, 'test', 'fixtures', 'crm')];

export function crmFixtures(): CrmFixture[] {
  const fixtures: CrmFixture[] = [];
  for (const folder of FOLDERS) {
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.html')).sort()) {
      const base = file.slice(0, -'.html'.length);
      const urlFile = resolve(folder, `${base}.url`);
      if (!existsSync(urlFile)) continue;
      fixtures.push({ name: base, url: readFileSync(urlFile, 'utf8').trim(), html: readFileSync(resolve(folder, file), 'utf8') });
    }
  }
  return fixtures;
}
