import { describe, expect, it } from 'vitest';
import { dealPageUrl, isDealPageUrl, safeDealUrl } from '@/lib/crm/deal-url';
import { openDatabase } from '@/lib/db/database';
import { recordDealSeen } from '@/lib/background/deals';
import type { DealRef } from '@/lib/model/deal';

const pipedrive: DealRef = { crm: 'pipedrive', account: 'acme', dealId: '42' };
const hubspot: DealRef = { crm: 'hubspot', account: '4455667', dealId: '901' };
const salesforce: DealRef = { crm: 'salesforce', account: 'acme--uat.sandbox', dealId: '006Hs00001AbCdEIAV' };

describe('a stored deal link is its own CRM page', () => {
  it('rebuilds each CRM\'s page from crm/account/dealId, and recognises it as the deal\'s own', () => {
    expect(dealPageUrl(pipedrive)).toBe('https://acme.pipedrive.com/deal/42');
    expect(dealPageUrl(hubspot)).toBe('https://app.hubspot.com/contacts/4455667/record/0-3/901');
    expect(dealPageUrl(salesforce)).toBe('https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAV/view');
    for (const ref of [pipedrive, hubspot, salesforce]) expect(isDealPageUrl(dealPageUrl(ref), ref)).toBe(true);
  });

  it.each([
    'https://acme.pipedrive.com/deal/42?tab=notes#x',
    'https://acme.pipedrive.com/deal/42/',
  ])('keeps a real page of the deal: %s', (url) => {
    expect(safeDealUrl({ ...pipedrive, url })).toBe(url);
  });

  it('keeps HubSpot\'s regional host and legacy path', () => {
    const url = 'https://app-eu1.hubspot.com/contacts/4455667/deal/901';
    expect(safeDealUrl({ ...hubspot, url })).toBe(url);
  });

  it.each([
    'data:text/html,<script>alert(1)</script>',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'chrome://settings',
    'https://acme.pipedrive.com.evil.example/deal/42',
    'https://acme.pipedrive.com:444/deal/42',
    'https://user:pw@acme.pipedrive.com/deal/42',
    'https://other.pipedrive.com/deal/42',
    'https://acme.pipedrive.com/deal/43',
    'https://acme.pipedrive.com/person/42',
    '',
  ])('rebuilds the link instead of opening %j', (url) => {
    expect(isDealPageUrl(url, pipedrive)).toBe(false);
    expect(safeDealUrl({ ...pipedrive, url })).toBe('https://acme.pipedrive.com/deal/42');
  });

  it('stores the deal\'s own page when a reading arrives, whatever URL came with it', async () => {
    const db = openDatabase(`deal-url-${Math.random()}`);
    const snapshot = { crm: 'pipedrive' as const, dealId: '42', title: 'Deal', pipeline: null, stage: null, stages: [], value: null, currency: null, owner: null, closeDate: null, status: null };
    const now = new Date('2026-11-23T10:00:00Z');
    await recordDealSeen(db, { tabId: 1, url: 'https://acme.pipedrive.com/deal/42?tab=notes', ref: pipedrive, snapshot, now });
    expect((await db.deals.get('pipedrive:acme:42'))?.url).toBe('https://acme.pipedrive.com/deal/42?tab=notes');
    await recordDealSeen(db, { tabId: 1, url: 'https://evil.example/deal/42', ref: pipedrive, snapshot, now });
    expect((await db.deals.get('pipedrive:acme:42'))?.url).toBe('https://acme.pipedrive.com/deal/42');
    await db.delete();
  });
});
