// Every named selector of every CRM's table is matched by at least one fixture page of that CRM, so a
// selector nobody can check does not linger (and a fixture set that lost a page family shows here).
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../../lib/crm';
import { scopeOf } from '../../../lib/crm/dom';
import { allFixtures, load } from './helpers';

describe.each(ADAPTERS.map((a) => [a.crm, a] as const))('%s selector table', (crm, adapter) => {
  const pages = allFixtures.filter((f) => f.crm === crm).map((f) => {
    const page = load(f.html, f.url);
    return { name: f.name, scope: scopeOf(page.document, true), close: page.close };
  });
  const selectors = Object.entries(adapter.selectors).flatMap(([name, entry]) =>
    typeof entry === 'string' ? [[name, entry] as const] : entry.names.map((n) => [`${name}(${n})`, entry.of(n)] as const),
  );

  it('has fixtures to check against', () => {
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it.each(selectors)('%s matches at least one fixture', (_name, selector) => {
    expect(pages.filter((p) => p.scope.q(selector)).map((p) => p.name)).not.toEqual([]);
  });
});
