import { describe, expect, it } from 'vitest';
import { historyText, serializeHistory, validateHistory, type HistoryDeal, type HistoryFrame } from '@/lib/metrics/history';

// A history file is written one deal element at a time (the import command checks each element's
// value before writing its text). A converted deal's element is written out by hand: its text must be
// JSON.stringify's of its value, and JSON.parse of the text must give back exactly that value.

const frame = (over: Partial<HistoryFrame> = {}): HistoryFrame => ({
  version: 1,
  pipelines: [{ id: 'sales', name: 'Sales', stages: [{ id: 'q', name: 'Qualified', probability: 0.2, rotDays: null }] }],
  activities: [],
  forecasts: [],
  someUnpriced: false,
  ...over,
});

const deal = (over: Partial<HistoryDeal> = {}): HistoryDeal => ({
  id: 'pipedrive:1',
  title: 'Müller "Große" GmbH\\ \n\u2028 🚀 \ud800',
  owner: 'Åsa Öberg',
  pipeline: 'sales',
  value: 1200.5,
  currency: 'EUR',
  createdAt: Date.UTC(2026, 0, 5, 9, 0, 0),
  closedAt: Date.UTC(2026, 1, 29 - 1, 23, 59, 59, 999),
  status: 'won',
  stageHistory: [
    { stage: 'q', enteredAt: Date.UTC(2026, 0, 5, 9) },
    { stage: 'q"2', enteredAt: Date.UTC(1969, 11, 31, 23, 59, 59, 1) },
  ],
  ...over,
});

describe('a deal element written out', () => {
  const deals: [string, HistoryDeal][] = [
    ['closed, two stages, awkward text', deal()],
    ['open, no currency, no stage history', deal({ status: 'open', closedAt: null, currency: null, stageHistory: [] })],
    ['a value of -0 and 1e21', deal({ value: -0 })],
    ['a huge value', deal({ value: 1e21 })],
    ['a year past 9999 (Date writes it)', deal({ createdAt: Date.UTC(12026, 0, 1) })],
    ['extra keys (written by JSON.stringify)', { ...deal(), source: 'Web', untracked: true }],
  ];
  for (const inBase of [false, true]) {
    for (const [name, d] of deals) {
      it(`${name}${inBase ? ', every value in the base' : ''}`, () => {
        const text = historyText(frame(inBase ? { currency: 'SEK' } : {}));
        const element = text.element(d);
        expect(element.text).toBe(JSON.stringify(element.value));
        if (element.exact) expect(JSON.parse(element.text)).toEqual(element.value);
        // The same text as the whole history's file.
        const history = { ...frame(inBase ? { currency: 'SEK' } : {}), deals: [d] };
        expect([...text.pieces([element.text])].join('')).toBe(serializeHistory(history));
      });
    }
  }

  it('a converted deal is written out by hand; a deal with other keys by JSON.stringify', () => {
    const text = historyText(frame());
    expect(text.element(deal()).exact).toBe(true);
    expect(text.element({ ...deal(), source: 'Web' }).exact).toBe(false);
    expect(text.element({ ...deal(), currency: undefined } as unknown as HistoryDeal).exact).toBe(false);
    expect(text.element({ ...deal(), value: Number.NaN }).exact).toBe(false);
  });

  it('the document of some deal values is the file read back: the scorecard checks it the same way', () => {
    const text = historyText(frame());
    const d = deal({ stageHistory: [{ stage: 'q', enteredAt: Date.UTC(2026, 0, 5) }] });
    const element = text.element(d);
    const file = JSON.parse([...text.pieces([element.text])].join(''));
    expect(text.document([element.value])).toEqual(file);
    expect(validateHistory(text.document([element.value]))).toEqual(validateHistory(file));
  });
});
