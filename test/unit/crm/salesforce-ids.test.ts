// Salesforce ids: one record is one deal whether a link shows its 15- or its 18-character id.
import { describe, expect, it } from 'vitest';
import { detectDeal, salesforce } from '../../../lib/crm';
import { salesforceId18 } from '../../../lib/crm/salesforce/ids';

describe('salesforceId18', () => {
  it.each([
    // Salesforce's own documented example pairs, and ids of this project's fixtures.
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    ['003A0000005QB3A', '003A0000005QB3AIAW'],
    ['0065g00000TqV8m', '0065g00000TqV8mAAF'],
    ['00300000003T2PG', '00300000003T2PGAA0'],
    ['006000000000000', '006000000000000AAA'],
    ['006AAAAABBBBBCC', '006AAAAABBBBBCCY55'],
  ])('%s → %s', (id15, id18) => {
    expect(salesforceId18(id15)).toBe(id18);
    expect(salesforceId18(id18)).toBe(id18);
  });

  it('gives every all-letter chunk its own suffix letter (bits 1, 2, 4, 8, 16 of a chunk)', () => {
    expect(salesforceId18('Aaaaaaaaaaaaaaa')!.slice(15)).toBe('BAA');
    expect(salesforceId18('aaaaAaaaaaaaaaa')!.slice(15)).toBe('QAA');
    expect(salesforceId18('aaaaaaaaaaAAAAA')!.slice(15)).toBe('AA5');
  });

  it('restores the case of an 18-character id written in one case, as Salesforce reads it', () => {
    expect(salesforceId18('0065G00000TQV8MAAF')).toBe('0065g00000TqV8mAAF');
    expect(salesforceId18('0065g00000tqv8maaf')).toBe('0065g00000TqV8mAAF');
  });

  it.each(['', '0065g00000TqV8', '0065g00000TqV8mA', '0065g00000TqV8mAAFX', '0065g00000TqV8m-AF', '0065g00000TqV8mAA9', '0065g00000TqV8mZAF'])(
    'is null for %j (not an id, or a suffix that cannot be)',
    (id) => {
      expect(salesforceId18(id)).toBeNull();
    },
  );
});

describe('one opportunity, one deal', () => {
  const base = 'https://crestpoint.lightning.force.com/lightning/r';
  it('a 15- and an 18-character link, standard and console, give the same deal', () => {
    const refs = [
      `${base}/Opportunity/0065g00000TqV8m/view`,
      `${base}/Opportunity/0065g00000TqV8mAAF/view`,
      `${base}/0065g00000TqV8m/view?ws=%2Flightning%2Fr%2FAccount%2F0015g00000QxR2wAAF%2Fview`,
      `${base}/Opportunity/0065G00000TQV8MAAF/view`,
    ].map((url) => salesforce.detect(new URL(url)));
    for (const ref of refs) expect(ref).toEqual({ crm: 'salesforce', account: 'crestpoint', dealId: '0065g00000TqV8mAAF' });
  });

  it('a 15-character id in another case is another record', () => {
    const d = detectDeal(`${base}/Opportunity/0065g00000TQV8m/view`);
    expect(d.ok && d.ref.dealId).toBe('0065g00000TQV8mAAH');
  });

  it('an 18-character id whose suffix cannot be Salesforce\'s is not a deal page', () => {
    expect(detectDeal(`${base}/Opportunity/0065g00000TqV8mAA9/view`)).toEqual({ ok: false, reason: 'not a deal page: Salesforce page with an invalid Opportunity id' });
  });
});
