// URL detection tables, one per adapter (refined-github style: the URL and what it must give).
import { describe, expect, it } from 'vitest';
import { ADAPTERS, detectDeal, hubspot, pipedrive, salesforce } from '../../../lib/crm';
import type { CrmAdapter } from '../../../lib/crm/types';

type Row = [url: string, account: string, dealId: string];

function table(adapter: CrmAdapter, deals: Row[], others: string[]) {
  describe(`${adapter.crm}.detect`, () => {
    it.each(deals)('deal page: %s', (url, account, dealId) => {
      expect(adapter.detect(new URL(url))).toEqual({ crm: adapter.crm, account, dealId });
      const detection = detectDeal(url);
      expect(detection.ok && detection.adapter).toBe(adapter);
    });
    it.each(others)('not a deal page: %s', (url) => {
      expect(adapter.detect(new URL(url))).toBeNull();
    });
  });
}

table(
  pipedrive,
  [
    ['https://brightwave.pipedrive.com/deal/1482', 'brightwave', '1482'],
    ['https://brightwave.pipedrive.com/deal/1482/', 'brightwave', '1482'],
    ['https://brightwave.pipedrive.com/deal/1482?tab=activity', 'brightwave', '1482'],
    ['https://brightwave.pipedrive.com/deal/1482/?tab=products', 'brightwave', '1482'],
    ['https://brightwave.pipedrive.com/deal/1482#notes', 'brightwave', '1482'],
    ['https://Brightwave.Pipedrive.com/deal/7', 'brightwave', '7'],
    ['https://acme-sales-2.pipedrive.com/deal/99?tab=email#compose', 'acme-sales-2', '99'],
  ],
  [
    'https://brightwave.pipedrive.com/person/2291',
    'https://brightwave.pipedrive.com/organization/877',
    'https://brightwave.pipedrive.com/pipeline/1',
    'https://brightwave.pipedrive.com/deals/list',
    'https://brightwave.pipedrive.com/leads/inbox',
    'https://brightwave.pipedrive.com/deal/',
    'https://brightwave.pipedrive.com/deal/abc',
    'https://brightwave.pipedrive.com/deal/1482/extra',
    'https://brightwave.pipedrive.com/activities/list',
    'http://brightwave.pipedrive.com/deal/1482',
    'https://pipedrive.com/deal/1482',
    'https://www.pipedrive.com/deal/1482',
    'https://developers.pipedrive.com/deal/1482',
    'https://status.pipedrive.com/deal/1482',
    'https://app.pipedrive.com/deal/1482',
    'https://evilpipedrive.com/deal/1482',
    'https://brightwave.evilpipedrive.com/deal/1482',
    'https://pipedrive.com.evil.example/deal/1482',
    'https://brightwave.pipedrive.com.evil.example/deal/1482',
    'https://a.b.pipedrive.com/deal/1482',
    'https://app.hubspot.com/deal/1482',
  ],
);

table(
  hubspot,
  [
    ['https://app.hubspot.com/contacts/21458973/record/0-3/18273645091', '21458973', '18273645091'],
    ['https://app.hubspot.com/contacts/21458973/record/0-3/18273645091/', '21458973', '18273645091'],
    ['https://app.hubspot.com/contacts/21458973/record/0-3/18273645091/view/1', '21458973', '18273645091'],
    ['https://app.hubspot.com/contacts/21458973/record/0-3/18273645091?interaction=note', '21458973', '18273645091'],
    ['https://app-eu1.hubspot.com/contacts/143920577/record/0-3/20551234567/view/1', '143920577', '20551234567'],
    ['https://app-na2.hubspot.com/contacts/21458973/record/0-3/18273645130', '21458973', '18273645130'],
    ['https://app-na3.hubspot.com/contacts/21458973/record/0-3/5', '21458973', '5'],
    ['https://app-ap1.hubspot.com/contacts/21458973/record/0-3/18273645177#overview', '21458973', '18273645177'],
    ['https://app.hubspot.com/contacts/21458973/deal/18273645112', '21458973', '18273645112'],
    ['https://app.hubspot.com/contacts/21458973/deal/18273645112/', '21458973', '18273645112'],
  ],
  [
    'https://app.hubspot.com/contacts/21458973/record/0-1/71029384756',
    'https://app.hubspot.com/contacts/21458973/record/0-2/9382716450',
    'https://app.hubspot.com/contacts/21458973/record/0-5/123',
    'https://app.hubspot.com/contacts/21458973/contact/71029384756',
    'https://app.hubspot.com/contacts/21458973/company/9382716450',
    'https://app.hubspot.com/contacts/21458973/objects/0-3/views/all/list',
    'https://app.hubspot.com/contacts/21458973/objects/0-3/views/all/board',
    'https://app.hubspot.com/contacts/21458973/record/0-3/',
    'https://app.hubspot.com/contacts/abc/record/0-3/123',
    'https://app.hubspot.com/reports-dashboard/21458973',
    'http://app.hubspot.com/contacts/21458973/record/0-3/18273645091',
    'https://hubspot.com/contacts/21458973/record/0-3/18273645091',
    'https://www.hubspot.com/contacts/21458973/record/0-3/18273645091',
    'https://api.hubspot.com/contacts/21458973/record/0-3/18273645091',
    'https://app.hubspot.com.evil.example/contacts/21458973/record/0-3/18273645091',
    'https://evilapp.hubspot.com/contacts/21458973/record/0-3/18273645091',
    'https://app.evilhubspot.com/contacts/21458973/record/0-3/18273645091',
    // A region the manifest does not list: the content script never runs there, so extract must not claim it either.
    'https://app-xx9.hubspot.com/contacts/21458973/record/0-3/18273645091',
  ],
);

table(
  salesforce,
  [
    ['https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view', 'crestpoint', '0065g00000TqV8mAAF'],
    ['https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8m/view', 'crestpoint', '0065g00000TqV8mAAF'],
    ['https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view/', 'crestpoint', '0065g00000TqV8mAAF'],
    ['https://crestpoint.lightning.force.com/lightning/r/0065g00000TqV8mAAF/view', 'crestpoint', '0065g00000TqV8mAAF'],
    ['https://crestpoint.lightning.force.com/lightning/r/0065g00000TqV8m/view', 'crestpoint', '0065g00000TqV8mAAF'],
    [
      'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view?ws=%2Flightning%2Fr%2FAccount%2F0015g00000QxR2wAAF%2Fview',
      'crestpoint',
      '0065g00000TqV8mAAF',
    ],
    ['https://crestpoint.lightning.force.com/lightning/r/0065g00000Vb7cQAAR/view?ws=%2Flightning%2Fr%2FAccount%2F0015g00000QxR2wAAF%2Fview', 'crestpoint', '0065g00000Vb7cQAAR'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view', 'acme--uat.sandbox', '0065g00000TqV8mAAF'],
    ['https://acme-dev-ed.develop.lightning.force.com/lightning/r/Opportunity/0065g00000Lx4QzAAJ/view', 'acme-dev-ed.develop', '0065g00000Lx4QzAAJ'],
    ['https://CrestPoint.Lightning.Force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view', 'crestpoint', '0065g00000TqV8mAAF'],
    ['https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view#details', 'crestpoint', '0065g00000TqV8mAAF'],
  ],
  [
    'https://crestpoint.lightning.force.com/lightning/r/Account/0015g00000QxR2wAAF/view',
    'https://crestpoint.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAZ/view',
    'https://crestpoint.lightning.force.com/lightning/r/0015g00000QxR2wAAF/view',
    'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0015g00000QxR2wAAF/view',
    'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/edit',
    'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/related/OpportunityHistories/view',
    'https://crestpoint.lightning.force.com/lightning/r/0065g00000TqV8mAAF/related/OpportunityHistories/view',
    'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8/view',
    'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAA/view',
    'https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAFX/view',
    'https://crestpoint.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent',
    'https://crestpoint.lightning.force.com/lightning/o/Opportunity/home',
    'https://crestpoint.lightning.force.com/lightning/page/home',
    'https://crestpoint.my.salesforce.com/0065g00000TqV8mAAF',
    'http://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view',
    'https://lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view',
    'https://crestpoint.lightning.force.com.evil.example/lightning/r/Opportunity/0065g00000TqV8mAAF/view',
    'https://crestpoint.evillightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view',
  ],
);

describe('detectDeal', () => {
  it('lists the three adapters', () => {
    expect(ADAPTERS.map((a) => a.crm)).toEqual(['pipedrive', 'hubspot', 'salesforce']);
  });

  it.each([
    ['not a URL', 'not a valid URL'],
    ['', 'not a valid URL'],
    ['https://example.com/deal/1', 'unsupported host: example.com'],
    ['https://evilpipedrive.com/deal/1482', 'unsupported host: evilpipedrive.com'],
    ['https://pipedrive.com.evil.example/deal/1482', 'unsupported host: pipedrive.com.evil.example'],
    ['https://brightwave.pipedrive.com/person/2291', 'not a deal page: Pipedrive person page'],
    ['https://brightwave.pipedrive.com/organization/877', 'not a deal page: Pipedrive organization page'],
    ['https://brightwave.pipedrive.com/pipeline/1', 'not a deal page: Pipedrive pipeline view'],
    ['https://brightwave.pipedrive.com/deal/abc', 'not a deal page: Pipedrive deal page with an unexpected path'],
    ['http://brightwave.pipedrive.com/deal/1482', 'not a deal page: Pipedrive over plain http'],
    ['https://app.hubspot.com/contacts/21458973/record/0-1/71029384756', 'not a deal page: HubSpot contact record'],
    ['https://app.hubspot.com/contacts/21458973/record/0-2/9382716450', 'not a deal page: HubSpot company record'],
    ['https://app.hubspot.com/contacts/21458973/objects/0-3/views/all/list', 'not a deal page: HubSpot deal list or board'],
    ['https://crestpoint.lightning.force.com/lightning/r/Account/0015g00000QxR2wAAF/view', 'not a deal page: Salesforce Account record'],
    ['https://crestpoint.lightning.force.com/lightning/r/0015g00000QxR2wAAF/view', 'not a deal page: Salesforce Account record'],
    ['https://crestpoint.lightning.force.com/lightning/o/Opportunity/list', 'not a deal page: Salesforce list view'],
    ['https://crestpoint.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/edit', 'not a deal page: Salesforce Opportunity sub-page (not the record view)'],
    ['file:///tmp/deal.html', 'unsupported URL scheme: file:'],
  ])('%s → %s', (url, reason) => {
    expect(detectDeal(url)).toEqual({ ok: false, reason });
  });

  it('gives one-line reasons for every non-deal URL in the tables', () => {
    for (const url of ['https://a.b.pipedrive.com/deal/1', 'https://app.hubspot.com/', 'https://crestpoint.lightning.force.com/lightning/setup/SetupOneHome/home']) {
      const d = detectDeal(url);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.reason).toMatch(/^[^\n]+$/);
    }
  });

  it('returns the adapter with the ref', () => {
    const d = detectDeal('https://crestpoint.lightning.force.com/lightning/r/0065g00000TqV8m/view');
    expect(d).toEqual({ ok: true, adapter: salesforce, ref: { crm: 'salesforce', account: 'crestpoint', dealId: '0065g00000TqV8mAAF' } });
  });
});
