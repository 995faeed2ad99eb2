import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, detectDelimiter, parseCsv, parseCsvChunked, type CsvProgress } from '@/lib/history-import/csv';

const rows = (text: string) => parseCsv(text).rows.map((r) => r.fields);
const lines = (text: string) => parseCsv(text).rows.map((r) => r.line);

describe('RFC 4180 parsing', () => {
  it('reads plain, quoted and empty fields', () => {
    const table = parseCsv('a,b,c\r\n1,"two",\r\n"x,y","",z\r\n');
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.rows.map((r) => r.fields)).toEqual([
      ['1', 'two', ''],
      ['x,y', '', 'z'],
    ]);
  });

  it('unescapes doubled quotes and keeps a stray quote inside an unquoted field', () => {
    expect(rows('h1,h2\n"say ""hi""",5" screen\n')).toEqual([['say "hi"', '5" screen']]);
    expect(rows('h\n""""\n')).toEqual([['"']]);
  });

  it('accepts CRLF, LF and lone CR line ends, and a last line without one', () => {
    expect(rows('h1,h2\r\n1,2\n3,4\r5,6')).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(lines('h1,h2\r\n1,2\n3,4\r5,6')).toEqual([2, 3, 4]);
  });

  it('keeps line breaks inside quoted fields and counts them for the line numbers of later records', () => {
    const text = 'id,note\r\n1,"first\r\nsecond\nthird"\r\n2,after\r\n3,"x\ry"\r\n4,end';
    const table = parseCsv(text);
    expect(table.rows.map((r) => r.fields)).toEqual([
      ['1', 'first\r\nsecond\nthird'],
      ['2', 'after'],
      ['3', 'x\ry'],
      ['4', 'end'],
    ]);
    expect(table.rows.map((r) => r.line)).toEqual([2, 5, 6, 8]);
  });

  it('strips a UTF-8 byte order mark from the first header', () => {
    const table = parseCsv('\uFEFFDeal - Title;Deal - Value\nA;1\n');
    expect(table.header).toEqual(['Deal - Title', 'Deal - Value']);
    expect(table.delimiter).toBe(';');
  });

  it('skips blank lines and rows of empty fields, without shifting line numbers', () => {
    const table = parseCsv('a;b\n\n1;2\n;\n\n3;4\n\n');
    expect(table.rows.map((r) => [r.line, ...r.fields])).toEqual([
      [3, '1', '2'],
      [6, '3', '4'],
    ]);
  });

  it('a delimiter at the very end of the text still ends an empty last field', () => {
    expect(rows('a,b\n1,')).toEqual([['1', '']]);
  });

  it('keeps spaces around unquoted fields (the converter trims cells), but trims header names', () => {
    const table = parseCsv(' a , b \n 1 , 2 \n');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows[0]!.fields).toEqual([' 1 ', ' 2 ']);
  });
});

describe('delimiter detection', () => {
  it('picks the delimiter of the header line, outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5\n')).toBe(',');
    expect(detectDelimiter('Titel;Wert;"Notiz, lang"\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectDelimiter('\uFEFFa;b\n')).toBe(';');
    expect(detectDelimiter('single\n1\n')).toBe(',');
  });

  it('honours Excel’s sep= line and does not read it as a record', () => {
    const table = parseCsv('sep=;\r\na;b\r\n1,5;2\r\n');
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows).toEqual([{ line: 3, fields: ['1,5', '2'] }]);
  });

  it('parses tab-separated text', () => {
    expect(parseCsv('a\tb\n"x\ty"\tz\n').rows[0]!.fields).toEqual(['x\ty', 'z']);
  });

  it('a forced delimiter wins over detection', () => {
    expect(parseCsv('a;b,c\n1;2,3\n', { delimiter: ';' }).rows[0]!.fields).toEqual(['1', '2,3']);
  });
});

describe('syntax errors name the line', () => {
  it('an unterminated quote is reported at the line where it opened', () => {
    const attempt = () => parseCsv('a,b\n1,2\n3,"never closed\nmore\n');
    expect(attempt).toThrow(CsvSyntaxError);
    try {
      attempt();
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(3);
      expect((error as CsvSyntaxError).message).toMatch(/^line 3: a quoted field is never closed/);
    }
  });

  it('text after a closing quote is an error on that line', () => {
    expect(() => parseCsv('a,b\n1,"x\ny"z,3\n')).toThrow(/^line 3: unexpected "z" after the closing quote/);
  });

  it('the parser gives the records complete so far and reports its offset as it goes', () => {
    const parser = new CsvParser();
    parser.write('a,b\n1,2\n');
    expect(parser.read(1)).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(parser.offset).toBe(4);
    expect(parser.read()).toEqual([{ line: 2, fields: ['1', '2'] }]);
    expect(parser.close()).toEqual([]);
  });
});

describe('chunked parsing of large files', () => {
  function bigCsv(count: number): string {
    const parts = ['Deal - ID;Deal - Title;Deal - Value\r\n'];
    for (let i = 0; i < count; i++) parts.push(i % 1000 === 0 ? `${i};"Deal ${i}; with ""quotes""\nand a line break";1.234,50\r\n` : `${i};Deal ${i};${i}\r\n`);
    return parts.join('');
  }

  it('parses 100 000 rows in chunks, reporting progress between them and yielding to the event loop', async () => {
    const text = bigCsv(100_000);
    const progress: CsvProgress[] = [];
    let yields = 0;
    const table = await parseCsvChunked(text, {
      chunkRows: 5000,
      onProgress: (p) => progress.push(p),
      yieldToLoop: async () => {
        yields++;
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
    expect(table.rows).toHaveLength(100_000);
    expect(table.delimiter).toBe(';');
    expect(table.rows[1000]!.fields).toEqual(['1000', 'Deal 1000; with "quotes"\nand a line break', '1.234,50']);
    // Row i starts on line 2 + i, plus one for each embedded line break before it (rows 0 and 1000).
    expect(table.rows[999]!.line).toBe(2 + 999 + 1);
    expect(table.rows[1001]!.line).toBe(2 + 1001 + 2);
    expect(table.rows[99_999]!.fields[0]).toBe('99999');
    expect(yields).toBeGreaterThanOrEqual(20);
    expect(progress.length).toBeGreaterThanOrEqual(20);
    // Progress only grows, and ends at the whole text.
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    expect(progress.at(-1)).toMatchObject({ done: text.length, total: text.length, rows: 100_001 });
  });

  it('gives the same table as the one-go parser', async () => {
    const text = bigCsv(3000);
    const chunked = await parseCsvChunked(text, { chunkRows: 7 });
    expect(chunked).toEqual(parseCsv(text));
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    const promise = parseCsvChunked(bigCsv(10_000), {
      chunkRows: 100,
      onProgress: (p) => {
        if (p.rows > 1000) abort.abort(new Error('newer file'));
      },
      signal: abort.signal,
    });
    await expect(promise).rejects.toThrow('newer file');
  });

  it('rejects with the syntax error and its line', async () => {
    await expect(parseCsvChunked('a,b\n1,2\n"open', { chunkRows: 1 })).rejects.toMatchObject({ line: 3 });
  });
});

describe('hostile headers', () => {
  it('a __proto__ or constructor column is just a column: rows are arrays, nothing is polluted', () => {
    const table = parseCsv('__proto__,constructor,prototype,polluted\n{"polluted":true},x,y,z\n');
    expect(table.header).toEqual(['__proto__', 'constructor', 'prototype', 'polluted']);
    expect(Array.isArray(table.rows[0]!.fields)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(table.rows[0]!.fields)).toBe(Array.prototype);
  });
});
