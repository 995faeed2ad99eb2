import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '@/components/team/csv';

describe('team CSV cells a spreadsheet could run', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['＝HYPERLINK("https://evil.example")', `"'＝HYPERLINK(""https://evil.example"")"`],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['﹦1+1', "'﹦1+1"],
    ['﹢1', "'﹢1"],
    ['﹣1', "'﹣1"],
    ['﹫x', "'﹫x"],
    ['−1+2', "'−1+2"],
    ['  =1+1', "'  =1+1"],
    ['\u00a0＝1', "'\u00a0＝1"],
    ['\u3000=1', "'\u3000=1"],
  ])('%j is written as text', (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it.each(['Anna', 'Smith-Jones', 'a=b', '５ deals', 'Ö@sterlund'])('%j stays as it is', (cell) => {
    expect(csvField(cell)).toBe(cell);
  });

  it('writes numbers as numbers (a negative number is no formula) and quotes what needs it', () => {
    expect(toCsv([[-5, 0.25, null, 'a,b', 'say "hi"']])).toBe('-5,0.25,,"a,b","say ""hi"""\r\n');
  });
});
