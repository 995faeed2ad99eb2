// Long values are cut where they are read, so the background stores them instead of refusing the reading.
import { describe, expect, it } from 'vitest';
import { readDeal } from '../../../lib/crm';
import { cut, fitSnapshot, fitStages, fitUrl } from '../../../lib/crm/fit';
import { DEAL_LIMITS, type DealSnapshot } from '../../../lib/model/deal';
import { dealSnapshotSchema } from '../../../lib/model/deal.schema';
import { messageSchemas } from '../../../lib/messaging/schemas';
import { loadDocument } from '../../../scripts/extract';
import { ownFixtures } from './helpers';

const base: DealSnapshot = {
  crm: 'pipedrive', dealId: '1', title: 'Acme', pipeline: 'Sales', stage: 'S3', stages: [], value: 10, currency: 'EUR', owner: 'Ann', closeDate: null, status: 'open',
};

describe('cut', () => {
  it('keeps short texts, cuts long ones with a visible ellipsis', () => {
    expect(cut('Acme', 5)).toBe('Acme');
    expect(cut('Acme Corp', 5)).toBe('Acme…');
    expect(cut('Acme Corp', 6)).toBe('Acme…'); // no space before the ellipsis
  });
  it('never splits an emoji (a surrogate pair)', () => {
    expect(cut('ab😀cd', 4)).toBe('ab…');
    expect(cut('ab😀cd', 5)).toBe('ab😀…');
  });
});

describe('fitStages', () => {
  const stages = Array.from({ length: 120 }, (_, i) => `S${i}`);
  it('keeps up to 50 stages as they are', () => {
    expect(fitStages(stages.slice(0, 50), 'S3')).toEqual(stages.slice(0, 50));
  });
  it.each([
    ['S3', ['S0', '…'], 'S48'],
    ['S60', ['…', '…'], 'S60'],
    ['S119', ['…', 'S119'], 'S71'],
  ])('more than 50: a window with the current stage %s, "…" where cut', (current, [head, tail], inside) => {
    const fitted = fitStages(stages, current);
    expect(fitted).toHaveLength(DEAL_LIMITS.stages);
    expect(fitted[0]).toBe(head);
    expect(fitted.at(-1)).toBe(tail);
    expect(fitted).toContain(current);
    expect(fitted).toContain(inside);
  });
});

describe('fitSnapshot', () => {
  it('passes the background schema whatever the page shows', () => {
    const huge: DealSnapshot = {
      ...base,
      title: 'T'.repeat(5_000_000),
      pipeline: 'P'.repeat(300),
      stage: 'S'.repeat(300),
      stages: Array.from({ length: 80 }, (_, i) => `${i}`.repeat(300)),
      owner: 'O'.repeat(1_000),
      value: 1e20,
    };
    const fitted = fitSnapshot(huge);
    expect(dealSnapshotSchema.safeParse(fitted).success).toBe(true);
    expect(fitted.title).toBe(`${'T'.repeat(499)}…`);
    expect(fitted.owner).toHaveLength(200);
    expect(fitted.owner!.endsWith('…')).toBe(true);
    expect(fitted.value).toBeNull();
    expect(fitted.currency).toBeNull();
  });
  it('an amount below zero is unknown rather than a refused reading', () => {
    expect(fitSnapshot({ ...base, value: -5 })).toMatchObject({ value: null, currency: null });
  });
  it('leaves a reading within the limits untouched', () => {
    expect(fitSnapshot(base)).toEqual(base);
  });
});

describe('fitUrl', () => {
  it('drops the fragment, then the query, of a URL too long to store', () => {
    const deal = 'https://acme.pipedrive.com/deal/1';
    expect(fitUrl(`${deal}?tab=notes`)).toBe(`${deal}?tab=notes`);
    expect(fitUrl(`${deal}?tab=notes#${'x'.repeat(3_000)}`)).toBe(`${deal}?tab=notes`);
    expect(fitUrl(`${deal}?${'q'.repeat(3_000)}#x`)).toBe(deal);
    expect(messageSchemas.dealSeen.shape.url.safeParse(fitUrl(`${deal}?${'q'.repeat(3_000)}`)).success).toBe(true);
  });
});

describe('a deal renamed to a 5 MB title', () => {
  it.each(['pipedrive', 'hubspot', 'salesforce'])('%s: the page is read and the reading is accepted by the background', (crm) => {
    const fixture = ownFixtures.find((f) => f.crm === crm && f.expected.title)!;
    const long = `${fixture.expected.title} ${'x'.repeat(5 * 1024 * 1024)}`;
    const html = fixture.html.split(fixture.expected.title!).join(long);
    const page = loadDocument(html, fixture.url);
    const snapshot = readDeal(page.document, fixture.url)!;
    void page.close();
    expect(snapshot.title).toHaveLength(500);
    expect(snapshot.title!.startsWith(fixture.expected.title!)).toBe(true);
    expect(snapshot.title!.endsWith('…')).toBe(true);
    expect(messageSchemas.dealSeen.safeParse({ url: fixture.url, ref: { crm, account: 'a', dealId: snapshot.dealId }, snapshot }).success).toBe(true);
  });
});
