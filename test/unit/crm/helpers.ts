// Fixture discovery and loading for the CRM adapter tests.
// Own fixtures live in test/fixtures/crm; the shared reference set is read in place from
// ../shared/fixtures/crm (next to the repository) and never copied into git.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrmId, DealSnapshot } from '../../../lib/model/deal';
import { loadDocument } from '../../../scripts/extract';
export { prng } from '../../../lib/random/prng';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const OWN_DIR = path.join(repoRoot, 'test', 'fixtures', 'crm');
export const SHARED_DIR = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'crm');
export const SHARED_PRESENT = existsSync(SHARED_DIR);
export const SHARED_NAMES = ['pipedrive-deal', 'hubspot-deal', 'salesforce-deal'] as const;

export interface Fixture {
  name: string;
  /** "own" (committed here) or "shared" (reference set next to the repo). */
  origin: 'own' | 'shared';
  crm: CrmId;
  htmlPath: string;
  url: string;
  html: string;
  expected: DealSnapshot;
}

function loadFixture(dir: string, name: string, origin: Fixture['origin']): Fixture {
  const base = path.join(dir, name);
  const expected = JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as DealSnapshot;
  return {
    name,
    origin,
    crm: expected.crm,
    htmlPath: `${base}.html`,
    url: readFileSync(`${base}.url`, 'utf8').trim(),
    html: readFileSync(`${base}.html`, 'utf8'),
    expected,
  };
}

export const ownFixtures: Fixture[] = readdirSync(OWN_DIR)
  .filter((f) => f.endsWith('.html'))
  .sort()
  .map((f) => loadFixture(OWN_DIR, f.replace(/\.html$/, ''), 'own'));

export const sharedFixtures: Fixture[] = SHARED_PRESENT ? SHARED_NAMES.map((n) => loadFixture(SHARED_DIR, n, 'shared')) : [];

export const allFixtures: Fixture[] = [...sharedFixtures, ...ownFixtures];

export const SHARED_SKIP_MESSAGE = `shared reference fixtures not found at ${SHARED_DIR}: skipping ${SHARED_NAMES.join(', ')}`;

/** Parses a fixture the way the extract CLI does (happy-dom, declarative shadow roots attached). */
export function load(html: string, url: string) {
  return loadDocument(html, url);
}


const KEYS = ['crm', 'dealId', 'title', 'pipeline', 'stage', 'stages', 'value', 'currency', 'owner', 'closeDate', 'status'];

/** Every field is of its contract type or null; returns the problems found (empty when fine). */
export function shapeProblems(s: DealSnapshot, crm: CrmId): string[] {
  const p: string[] = [];
  if (JSON.stringify(Object.keys(s)) !== JSON.stringify(KEYS)) p.push(`keys ${Object.keys(s).join(',')}`);
  if (s.crm !== crm) p.push(`crm ${s.crm}`);
  if (typeof s.dealId !== 'string' || !s.dealId) p.push('dealId');
  for (const k of ['title', 'pipeline', 'stage', 'owner'] as const) {
    const v = s[k];
    if (v !== null && (typeof v !== 'string' || !v.trim() || v !== v.trim() || /\s{2}/.test(v))) p.push(`${k} ${JSON.stringify(v)}`);
  }
  if (!Array.isArray(s.stages) || s.stages.some((x) => typeof x !== 'string' || !x.trim())) p.push(`stages ${JSON.stringify(s.stages)}`);
  if (s.value !== null && (typeof s.value !== 'number' || !Number.isFinite(s.value))) p.push(`value ${s.value}`);
  if (s.currency !== null && !/^[A-Z]{3}$/.test(String(s.currency))) p.push(`currency ${s.currency}`);
  if (s.closeDate !== null && !(typeof s.closeDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.closeDate) && !Number.isNaN(Date.parse(s.closeDate)))) p.push(`closeDate ${s.closeDate}`);
  if (s.status !== null && !['open', 'won', 'lost'].includes(s.status)) p.push(`status ${s.status}`);
  return p;
}
