import { describe, expect, it } from 'vitest';
import { scorecardDealUrl } from '@/lib/crm/scorecard-deal-url';

describe('where a stalled deal of the scorecard opens', () => {
  const seen = new Map([['pipedrive:brightwave:1482', 'https://brightwave.pipedrive.com/deal/1482?tab=notes']]);
  const imported = [
    { format: 'pipedrive-csv', history: { deals: [{ id: '2001' }, { id: 'line-7' }] } },
    { format: 'hubspot-csv', history: { deals: [{ id: '3001' }] } },
    { format: 'scorecard-json', history: { deals: [{ id: 'deal-a' }] } },
  ];
  const current = { crm: 'pipedrive', account: 'brightwave' } as const;

  it('a deal seen in the browser opens where it was seen', () => {
    expect(scorecardDealUrl('pipedrive:brightwave:1482', seen, imported, current)).toBe('https://brightwave.pipedrive.com/deal/1482?tab=notes');
  });
  it('an imported deal of the same CRM opens in the account in view', () => {
    expect(scorecardDealUrl('2001', seen, imported, current)).toBe('https://brightwave.pipedrive.com/deal/2001');
  });
  it('a synced deal of the account in view opens at its page in the CRM; one of another account or CRM has no link', () => {
    expect(scorecardDealUrl('pipedrive:brightwave:5120', seen, imported, current)).toBe('https://brightwave.pipedrive.com/deal/5120');
    expect(scorecardDealUrl('pipedrive:otherco:5120', seen, imported, current)).toBeNull();
    expect(scorecardDealUrl('hubspot:brightwave:5120', seen, imported, current)).toBeNull();
    expect(scorecardDealUrl('pipedrive:brightwave:', seen, imported, current)).toBeNull();
  });
  it('no link for an imported deal of another CRM, a row without a CRM id, or a scorecard file', () => {
    expect(scorecardDealUrl('3001', seen, imported, current)).toBeNull();
    expect(scorecardDealUrl('line-7', seen, imported, current)).toBeNull();
    expect(scorecardDealUrl('deal-a', seen, imported, current)).toBeNull();
    expect(scorecardDealUrl('unknown', seen, imported, current)).toBeNull();
  });
});
