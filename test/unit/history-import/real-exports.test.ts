import { describe, expect, it } from 'vitest';
import { detectFormat, importBytes, importHistoryJson, parseCsv, withoutReportFooter } from '@/lib/history-import';
import { fixture } from './helpers';

// What real exports do beyond the happy path: report footers, other CRMs' files, and when a deal closed.

const bytes = (text: string) => new TextEncoder().encode(text);
const ms = (iso: string) => Date.parse(iso);
const now = () => Promise.resolve();

describe('report footers', () => {
  it('Salesforce: grand totals (with its sums), title, copyright, confidentiality and generated-by lines are cut off', () => {
    const table = parseCsv(fixture('salesforce-report-footer.csv'));
    const { table: cut, footerRows } = withoutReportFooter(table);
    expect(footerRows).toBe(6);
    expect(cut.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('a last row without a footer mark is never dropped', () => {
    const table = parseCsv('Opportunity Name,To Stage,Edit Date\nA,Prospecting,1/5/2026\nB\n');
    expect(withoutReportFooter(table).footerRows).toBe(0);
  });
});

describe('files that are not one of the three CRMs’ exports', () => {
  it.each([
    ['Zoho CRM', ['Record Id', 'Deal Owner', 'Deal Name', 'Amount', 'Stage', 'Closing Date', 'Account Name', 'Pipeline', 'Created Time']],
    ['Close', ['id', 'lead_id', 'lead_name', 'status_type', 'status_label', 'confidence', 'value', 'value_currency', 'date_won', 'date_created', 'user_name', 'pipeline_name']],
    ['a spreadsheet of deals', ['Deal', 'Owner', 'Stage', 'Amount', 'Created']],
  ])('%s is not recognised', (_, header) => {
    expect(detectFormat(header)).toBeNull();
  });

  it('the refusal names what was found', async () => {
    const { report } = await importBytes(bytes('Deal,Owner,Stage\nA,Ann,Demo\n'), { yieldToLoop: now });
    expect(report.history).toBeNull();
    expect(report.fileProblem).toEqual({
      code: 'unknownFormat',
      detail:
        'not an export of Pipedrive, HubSpot or Salesforce we recognise: found 3 columns ("Deal", "Owner", "Stage") but no Pipedrive "Deal - …" or "Deal created" column, no HubSpot "Deal Stage" with "Create Date" or "Date entered …" columns, no Salesforce "Opportunity …" column with a stage',
      note: { id: 'unknownFormat', values: { count: 3, names: { list: ['"Deal"', '"Owner"', '"Stage"'] } } },
    });
  });

  it('a chosen format reads the file anyway (and says which column is missing)', async () => {
    const { report } = await importBytes(bytes('Title,Owner,Stage,Status\nA,Ann,Demo,Open\n'), { format: 'pipedrive', yieldToLoop: now });
    expect(report.missing).toEqual([['createdAt']]);
  });
});

describe('when a deal closed (closeMoment, the sync’s rule)', () => {
  it('Pipedrive: Won time / Lost time; without them the "Deal closed on" day at 00:00 UTC', async () => {
    const csv = [
      'Deal - ID,Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Deal closed on',
      '1,Won with time,Ann,Demo,Won,2026-01-05 09:00:00,2026-02-09 16:45:00,,2026-02-10 08:00:00',
      '2,Won without,Ann,Demo,Won,2026-01-05 09:00:00,,,2026-02-10 08:00:00',
      '3,Lost with time,Ann,Demo,Lost,2026-01-05 09:00:00,,2026-02-11 13:15:00,2026-02-12 08:00:00',
    ].join('\n');
    const { report } = await importBytes(bytes(csv), { yieldToLoop: now });
    expect(report.history!.deals.map((d) => [d.id, d.closedAt])).toEqual([
      ['pipedrive:1', ms('2026-02-09T16:45:00Z')],
      ['pipedrive:2', ms('2026-02-10T00:00:00Z')],
      ['pipedrive:3', ms('2026-02-11T13:15:00Z')],
    ]);
  });

  it('HubSpot: Date entered "Closed Won (…)", else the close date at 00:00 UTC', async () => {
    const { report } = await importBytes(bytes(fixture('hubspot-all-properties.csv')), { yieldToLoop: now });
    const closed = Object.fromEntries(report.history!.deals.map((d) => [d.id, d.closedAt]));
    expect(closed['hubspot:9101']).toBe(ms('2026-02-20T15:30:00Z'));
    expect(closed['hubspot:9104']).toBe(ms('2026-03-03T00:00:00Z'));
  });
});

describe('the scorecard JSON file', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('an owner named %s is refused with its path', (name) => {
    const text = fixture('scorecard-proto-owner.json').replace('"__proto__"', JSON.stringify(name));
    const report = importHistoryJson(text);
    expect(report.history).toBeNull();
    expect(report.fileProblem).toEqual({ code: 'notHistory', detail: `deals[1].owner: ${JSON.stringify(name)} is not allowed` });
  });
});
