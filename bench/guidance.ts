// Guidance parsing at the schema's limit: 20 000 characters of each hostile shape (the slowest
// shape's median is the figure) and the growth from 5 000 to 20 000 characters (1 = linear).
// The memo is bypassed: every run parses a text it has not seen. Figures are CPU time of this process.
import { parseGuidance } from '../lib/playbook/guidance';
import { median, type Figure } from './stats';

const RUNS = 21;
export const GUIDANCE_SHAPES: Record<string, string> = {
  words: 'word ',
  brackets: '[',
  'link openers': '[a](',
  parentheses: '[a](((',
  stars: '*',
  'bold openers': '**a ',
  'list lines': '- **x** [y](https://a.example)\n',
  'unclosed links': '[a](https://a.example/(',
  'hostile mix': '<img src=x onerror=alert(1)>[x](javascript:alert(1))**',
};

function medianMs(unit: string, length: number): number {
  const source = unit.repeat(Math.ceil(length / unit.length)).slice(0, length - 6);
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const text = `${source}${String(run).padStart(6, ' ')}`; // a new text each run: no memo
    // CPU time, not wall time: on a shared machine the wall clock mostly measures the neighbours.
    const started = process.cpuUsage();
    parseGuidance(text);
    const used = process.cpuUsage(started);
    samples.push((used.user + used.system) / 1000);
  }
  return median(samples);
}

export function measureGuidanceParsing(): Figure[] {
  const at20k = Object.entries(GUIDANCE_SHAPES).map(([name, unit]) => ({ name, ms: medianMs(unit, 20_000), at5k: medianMs(unit, 5_000) }));
  const slowest = at20k.reduce((a, b) => (b.ms > a.ms ? b : a));
  // Over all shapes together: single small figures are dominated by the collector's pauses.
  const growth = at20k.reduce((sum, s) => sum + s.ms, 0) / 4 / at20k.reduce((sum, s) => sum + s.at5k, 0);
  const detail = at20k.map((s) => `${s.name}: ${s.ms.toFixed(2)} ms`).join(', ');
  return [
    { name: 'guidance parsing, 20 000 characters (median, slowest shape)', value: slowest.ms, unit: 'ms', budget: 25, kind: 'max', detail: `slowest: ${slowest.name}; ${detail}` },
    { name: 'guidance parsing growth: time per character at 20k ÷ at 5k (1 = linear)', value: growth, unit: '×', budget: 2, kind: 'max', detail },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(measureGuidanceParsing());
