import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { importBytes, isXlsx, openImportFile, readXlsxTable, serialToText } from '@/lib/history-import';
import { FIXTURES } from './helpers';

// Excel workbooks: the fixtures were written by a real spreadsheet writer (make-xlsx.ts beside
// them) from the CSV fixtures, so each must give exactly the CSV's history.

const file = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const now = () => Promise.resolve();

describe('.xlsx exports give the same history as the CSV the CRM writes', () => {
  it.each([
    ['pipedrive-deals.xlsx', 'pipedrive-deals.csv'],
    ['hubspot-all-properties.xlsx', 'hubspot-all-properties.csv'],
    ['salesforce-report.xlsx', 'salesforce-report-footer.csv'],
  ])('%s = %s', async (xlsx, csv) => {
    expect(isXlsx(file(xlsx))).toBe(true);
    const fromXlsx = await importBytes(file(xlsx), { yieldToLoop: now });
    const fromCsv = await importBytes(file(csv), { yieldToLoop: now });
    expect(fromXlsx.report.problems).toEqual([]);
    expect(fromXlsx.report.fileProblem).toBeNull();
    expect(fromXlsx.report.history).not.toBeNull();
    expect(fromXlsx.report.history).toEqual(fromCsv.report.history);
  });

  it('a Salesforce formatted report: the data sheet is picked over the cover sheet, the title rows and the footer are left out', async () => {
    const read = await readXlsxTable(file('salesforce-report.xlsx'), { yieldToLoop: now });
    expect(read.ok && read.sheet).toBe('Opportunity History');
    const opened = await openImportFile(file('salesforce-report.xlsx'), { yieldToLoop: now });
    if (opened.kind !== 'table') throw new Error(opened.kind);
    expect(opened).toMatchObject({ source: 'xlsx', detected: 'salesforce', footerRows: 3 });
    expect(opened.table.header.slice(0, 3)).toEqual(['Opportunity Owner', 'Opportunity Name', 'Opportunity ID']);
    // Lines are the sheet's rows, as Excel shows them: the header is on row 4.
    expect(opened.table.headerLine).toBe(4);
    expect(opened.table.rows[0]!.line).toBe(5);
    // Date cells come out as the CSV writes dates; amounts and text as they are.
    expect(opened.table.rows[0]!.fields.slice(3, 10)).toEqual(['2026-03-02', '', 'Prospecting', 'USD 40,000.00', '10', '2026-04-30', '2026-03-02 09:00:00']);
  });

  it('a bad cell is named by its sheet row', async () => {
    const bytes = await writeXlsxFile([
      ['Deal - ID', 'Deal - Title', 'Deal - Owner', 'Deal - Stage', 'Deal - Status', 'Deal - Deal created'],
      [1, 'Fine', 'Ann', 'Demo', 'Open', { value: new Date(Date.UTC(2026, 0, 5, 9)), type: Date, format: 'yyyy-mm-dd hh:mm' }],
      [2, 'Broken', 'Ann', 'Demo', 'Open', 'someday'],
    ] as never).toBuffer();
    const { report } = await importBytes(new Uint8Array(bytes), { yieldToLoop: now });
    expect(report.problems.map((p) => p.message)).toEqual(['line 3: Deal - Deal created "someday" is not a date']);
  });
});

/** A workbook written by hand, for what the fixtures' writer does not do. */
function workbook(parts: { workbook?: string; sheet: string; strings?: string; styles?: string }): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(
      parts.workbook ??
        '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>'),
    'xl/worksheets/data.xml': strToU8(parts.sheet),
  };
  if (parts.strings) files['xl/sharedStrings.xml'] = strToU8(parts.strings);
  if (parts.styles) files['xl/styles.xml'] = strToU8(parts.styles);
  return zipSync(files);
}

describe('reading workbooks', () => {
  it('serial dates: whole days, times to the second, the 1904 date system', () => {
    expect(serialToText(46027, false)).toBe('2026-01-05');
    expect(serialToText(46027.375, false)).toBe('2026-01-05 09:00:00');
    expect(serialToText(46027.99999999, false)).toBe('2026-01-06');
    expect(serialToText(44565, true)).toBe('2026-01-05');
    expect(serialToText(-1, false)).toBeNull();
  });

  it('inline strings, rich text without phonetic guides, prefixed elements, entities, escapes, booleans, percent and 1904 dates', async () => {
    const bytes = workbook({
      workbook:
        '<x:workbook xmlns:x="main" xmlns:r="rels"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Deals" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
      strings: '<sst><si><t>Title</t></si><si><r><t>Acme </t></r><r><t xml:space="preserve">&amp; Co</t></r><rPh><t>ignored</t></rPh></si></sst>',
      styles: '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="&quot;on&quot; dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>',
      sheet:
        '<x:worksheet xmlns:x="main"><x:sheetData>' +
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Note</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>When</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>Won</x:t></x:is></x:c><x:c r="E1" t="inlineStr"><x:is><x:t>Probability</x:t></x:is></x:c></x:row>' +
        '<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" t="inlineStr"><x:is><x:t>line_x000D_break &lt;b&gt;</x:t></x:is></x:c><x:c r="C3" s="1"><x:v>44565.5</x:v></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" s="2"><x:v>0.35</x:v></x:c></x:row>' +
        '</x:sheetData></x:worksheet>',
    });
    const read = await readXlsxTable(bytes, { yieldToLoop: now });
    if (!read.ok) throw new Error(read.problem.detail);
    expect(read.table.header).toEqual(['Title', 'Note', 'When', 'Won', 'Probability']);
    expect(read.table.rows).toEqual([{ line: 3, fields: ['Acme & Co', 'line\rbreak <b>', '2026-01-05 12:00:00', 'TRUE', '35'] }]);
  });

  it('a zip that is no workbook, and a broken zip, are refused with the reason', async () => {
    const notWorkbook = await readXlsxTable(zipSync({ 'hello.txt': strToU8('hi') }));
    expect(notWorkbook).toEqual({
      ok: false,
      problem: { code: 'unreadable', detail: 'a zip file without xl/workbook.xml is not an Excel workbook (.xlsx); an old .xls file must be saved as .xlsx or CSV first', note: { id: 'noWorkbookXml' } },
    });
    const broken = file('pipedrive-deals.xlsx').slice(0, 600);
    const read = await readXlsxTable(broken);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem.code).toBe('unreadable');
  });
});
