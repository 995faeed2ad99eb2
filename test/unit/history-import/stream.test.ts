import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importBytes, problemLines, type FormatChoice } from '@/lib/history-import';
import { importStream, type StreamOptions } from '@/lib/history-import/stream';
import { serializeHistory } from '@/lib/metrics/history';
import { FIXTURES, salesPlaybook } from './helpers';

// The `import` command reads a file piece by piece; what it writes must be exactly what the whole
// file read at once gives (the options page's way): the same history text, byte for byte, or the same
// problems. Each file is cut into pieces at many places, including the awkward ones: inside a quoted
// field, inside a character of several bytes, between the CR and LF of a line end.

/** The whole-file way: the history file's text, or the problem lines. */
async function wholeWay(bytes: Uint8Array, options: StreamOptions = {}): Promise<{ text: string | null; problems: string[] }> {
  const { report } = await importBytes(bytes, { format: options.format, playbook: options.playbook ?? null, yieldToLoop: () => Promise.resolve() });
  return { text: report.history ? serializeHistory(report.history) : null, problems: problemLines(report, 20) };
}

/** The streamed way, the bytes given in pieces cut at `cuts` (byte offsets). */
async function streamedWay(bytes: Uint8Array, cuts: number[], options: StreamOptions = {}): Promise<{ text: string | null; problems: string[] }> {
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  let opened = 0;
  async function* open(): AsyncGenerator<Uint8Array> {
    opened++;
    for (let i = 0; i + 1 < bounds.length; i++) yield bytes.slice(bounds[i], bounds[i + 1]);
  }
  const pieces: string[] = [];
  const { report, written } = await importStream(open, (piece) => pieces.push(piece), options);
  expect(opened).toBeLessThanOrEqual(2);
  return { text: written ? pieces.join('') : null, problems: problemLines(report, 20) };
}

/** Cuts every `size` bytes. */
const every = (size: number, length: number) => Array.from({ length: Math.ceil(length / size) }, (_, i) => i * size);

const fixtureFiles = readdirSync(FIXTURES).filter((name) => /\.(csv|xlsx|json)$/.test(name));

describe('import read piece by piece: the same history text as the whole file, on every fixture', () => {
  it('finds the fixtures of every format', () => {
    expect(fixtureFiles.filter((n) => n.endsWith('.csv')).length).toBeGreaterThanOrEqual(14);
    expect(fixtureFiles.some((n) => n.endsWith('.xlsx'))).toBe(true);
    expect(fixtureFiles.some((n) => n.endsWith('.json'))).toBe(true);
  });

  for (const name of fixtureFiles) {
    it(name, async () => {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
      const expected = await wholeWay(bytes);
      for (const size of [1, 3, 64, 1000, bytes.length]) expect(await streamedWay(bytes, every(size, bytes.length))).toEqual(expected);
      if (name.startsWith('pipedrive-deals') || name.startsWith('hubspot-all')) {
        const options = { playbook: salesPlaybook() };
        expect(await streamedWay(bytes, every(7, bytes.length), options)).toEqual(await wholeWay(bytes, options));
      }
    });
  }

  it('a file read as another CRM’s export (--format) gives the same refusal or history', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'pipedrive-deals.csv')));
    for (const format of ['hubspot', 'salesforce', 'json'] as FormatChoice[]) expect(await streamedWay(bytes, every(50, bytes.length), { format })).toEqual(await wholeWay(bytes, { format }));
  });
});

describe('pieces cut at awkward places', () => {
  const csv = [
    'Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time',
    '1,"Müller ""Große"" GmbH, Köln",Åsa Öberg,"1,200.50",EUR,Sales pipeline,Qualified,Open,2026-01-05 09:00:00,,',
    '2,"Two lines\r\nof title 🚀",Ørjan Dahl,800,EUR,Sales pipeline,Demo Scheduled,Won,2026-01-06 10:00:00,2026-02-01 12:00:00,',
    '3,"ends in CR\r",Åsa Öberg,99.5,EUR,Sales pipeline,Contact Made,Lost,2026-01-07 11:00:00,,2026-01-20 08:00:00',
    '4,Plain café,Ørjan Dahl,5,EUR,Sales pipeline,Qualified,Open,2026-01-08 12:00:00,,',
  ].join('\r\n');
  const bytes = new TextEncoder().encode(csv);

  it('cut in two at every byte: inside quoted fields, doubled quotes, multi-byte characters and CRLF line ends', async () => {
    const expected = await wholeWay(bytes);
    expect(expected.text).toContain('Müller \\"Große\\" GmbH, Köln');
    expect(expected.text).toContain('Two lines\\r\\nof title 🚀');
    // The cuts inside a character of several bytes, a quoted field and a CRLF are all among these.
    const text = new TextDecoder().decode(bytes);
    expect(bytes.length).toBeGreaterThan(text.length);
    for (let cut = 1; cut < bytes.length; cut++) expect(await streamedWay(bytes, [cut])).toEqual(expected);
  });

  it('cut in three at every pair of places 5 bytes apart', async () => {
    const expected = await wholeWay(bytes);
    for (let cut = 1; cut + 5 < bytes.length; cut += 3) expect(await streamedWay(bytes, [cut, cut + 5])).toEqual(expected);
  });

  it('a bad row is named by its line as the whole file names it, wherever the pieces end', async () => {
    const bad = new TextEncoder().encode(csv.replace('99.5', '"12,5k"'));
    const expected = await wholeWay(bad);
    expect(expected).toEqual({ text: null, problems: ['line 5: Deal - Value "12,5k" is not a number'] });
    for (let cut = 1; cut < bad.length; cut += 2) expect(await streamedWay(bad, [cut])).toEqual(expected);
  });

  it('a quote never closed is named at the line it opened on', async () => {
    const cutOff = bytes.slice(0, csv.indexOf('of title'));
    const expected = await wholeWay(cutOff);
    expect(expected.problems).toEqual(['line 3: a quoted field is never closed (the file may be cut off)']);
    for (let cut = 1; cut < cutOff.length; cut += 5) expect(await streamedWay(cutOff, [cut])).toEqual(expected);
  });
});

describe('what is only known late in the file', () => {
  it('Windows-1252 whose first byte that is not UTF-8 comes after the first pieces: the file is read again as Windows-1252', async () => {
    const lines = ['ID;Title;Owner;Value;Currency;Pipeline;Stage;Status;Deal created'];
    for (let i = 1; i <= 300; i++) lines.push(`${i};Deal ${i};${i === 290 ? 'Åsa Öberg' : 'Anna'};1.000,50;SEK;Sales;Qualified;Open;05.01.2026 09:12`);
    const text = lines.join('\n');
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const expected = await wholeWay(bytes);
    expect(expected.text).toContain('"owner":"Åsa Öberg"');
    expect(await streamedWay(bytes, every(256, bytes.length))).toEqual(expected);
  });

  it('UTF-16 with its byte order mark', async () => {
    const text = readFileSync(join(FIXTURES, 'pipedrive-deals-eu.csv'), 'utf8').replace(/^\uFEFF/, '');
    const body = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      body[2 * i] = text.charCodeAt(i) & 0xff;
      body[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const bytes = new Uint8Array([0xff, 0xfe, ...body]);
    const expected = await wholeWay(bytes);
    expect(expected.text).toContain('Fjord Logistikk; pilot');
    for (const size of [1, 3, 100]) expect(await streamedWay(bytes, every(size, bytes.length))).toEqual(expected);
  });

  it('slash dates whose order only a late row tells (a sparse date column keeps the vote open): the rows before it wait and read day first', async () => {
    const header = 'Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time';
    const rows: string[] = [];
    for (let i = 1; i <= 600; i++) rows.push(`${i},Deal ${i},Anna,100,Qualified,${i % 50 === 0 ? 'Won' : 'Open'},${i === 450 ? '25/4/2026' : '3/4/2026'},${i % 50 === 0 ? '5/5/2026' : ''}`);
    const bytes = new TextEncoder().encode([header, ...rows].join('\n'));
    const expected = await wholeWay(bytes);
    // 3/4/2026 is 3 April: day first, as the one row that can tell says.
    expect(expected.text).toContain('"createdAt":"2026-04-03T00:00:00.000Z"');
    expect(await streamedWay(bytes, every(500, bytes.length))).toEqual(expected);
  });

  it('amounts whose decimal separator the sample settles on: "1.234" read as the sample says', async () => {
    const header = 'Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Stage,Deal - Status,Deal - Deal created';
    const rows: string[] = [];
    for (let i = 1; i <= 40; i++) rows.push(`${i},Deal ${i},Anna,"${i < 30 ? '1.234' : '7,5'}",Qualified,Open,2026-01-05`);
    const bytes = new TextEncoder().encode([header, ...rows].join('\n'));
    const expected = await wholeWay(bytes);
    expect(expected.text).toContain('"value":1234');
    expect(await streamedWay(bytes, every(100, bytes.length))).toEqual(expected);
  });

  it('a report footer after the last row, and title rows above the header', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'salesforce-report-footer.csv')));
    const titled = new Uint8Array([...new TextEncoder().encode('"Opportunity History Report",,\n"Filtered by: all",,\n\n'), ...bytes]);
    const expected = await wholeWay(titled);
    expect(expected.text).toContain('Tyrell replicants');
    for (const size of [5, 40]) expect(await streamedWay(titled, every(size, titled.length))).toEqual(expected);
  });
});

describe('the scorecard JSON file read as it streams', () => {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'scorecard.json'), 'utf8')) as Record<string, unknown>;
  const deals = base.deals as Record<string, unknown>[];
  const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });
  const cases: [string, string][] = [
    ['as written', JSON.stringify(base, null, 2)],
    ['with a byte order mark', `\uFEFF${JSON.stringify(base)}`],
    ['deals before the pipelines and the version last (read twice)', JSON.stringify({ deals, pipelines: base.pipelines, activities: base.activities, forecasts: base.forecasts, version: 1 })],
    ['a top-level key given twice (the last counts)', `{"version":1,"pipelines":[],"deals":[],${JSON.stringify(base).slice(1)}`],
    ['a v2 file with its currency and checklist', JSON.stringify({ ...base, version: 2, currency: { base: 'EUR', rates: { USD: 0.9 } }, checklist: [{ dealId: 'j1', stage: 'qualified', task: 't', doneAt: '2026-01-03T09:00:00Z' }] })],
    ['a prototype key inside a deal', JSON.stringify({ ...base, deals: [deals[0], { ...deals[1], extra: JSON.parse('{"__proto__":{"x":1}}') }] })],
    ['a prototype key at the top', `{"constructor":1,${JSON.stringify(base).slice(1)}`],
    ['nesting too deep in an activity', JSON.stringify({ ...base, activities: [{ ...(base.activities as object[])[0], note: deep(40) }] })],
    ['nesting too deep in an unknown top-level key', JSON.stringify({ ...base, notes: deep(40) })],
    ['a prototype name as owner', JSON.stringify({ ...base, deals: [{ ...deals[0], owner: '__proto__' }] })],
    ['an instant that is no instant', JSON.stringify({ ...base, deals: [{ ...deals[0], createdAt: 'yesterday' }] })],
    ['cut off', JSON.stringify(base).slice(0, 400)],
    ['something after the object', `${JSON.stringify(base)} x`],
    ['an array, not an object', JSON.stringify([base])],
  ];
  for (const [name, text] of cases) {
    it(`${name}: the same history text or the same first problem as the whole text`, async () => {
      const bytes = new TextEncoder().encode(text);
      const expected = await wholeWay(bytes);
      for (const size of [1, 7, 100, bytes.length]) expect(await streamedWay(bytes, every(size, bytes.length))).toEqual(expected);
    });
  }

  it('a good file in the usual order is read once and written in pieces', async () => {
    const text = JSON.stringify({ ...base, deals: Array.from({ length: 2000 }, (_, i) => ({ ...deals[i % 2], id: `d${i}` })) });
    const bytes = new TextEncoder().encode(text);
    let opened = 0;
    const longest = { piece: 0 };
    async function* open(): AsyncGenerator<Uint8Array> {
      opened++;
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.slice(at, at + 4096);
    }
    const pieces: string[] = [];
    const { written } = await importStream(open, (piece) => {
      longest.piece = Math.max(longest.piece, piece.length);
      pieces.push(piece);
    });
    expect(written).toBe(true);
    expect(opened).toBe(1);
    expect(pieces.join('')).toBe((await wholeWay(bytes)).text);
    expect(longest.piece).toBeLessThan(text.length / 4);
  });
});
