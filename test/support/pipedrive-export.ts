import { closeSync, openSync, writeSync } from 'node:fs';

// A large Pipedrive deals export as the CRM writes it ("Deal - …" columns, one row per deal), for
// the big-file checks of the history import: the real-browser test and the import benchmark.

const HEADER =
  'Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Organization,Deal - Label\n';
const STAGES = ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'];

/** Writes open deals of 40 reps until the next row would pass `limitBytes`; returns the size written and the deals. */
export function writePipedriveExport(file: string, limitBytes: number): { bytes: number; deals: number } {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, HEADER);
    let bytes = HEADER.length;
    let lines: string[] = [];
    let n = 0;
    for (; ; n++) {
      const line = `${n},"Deal ${n}, annual plan",Rep ${n % 40},${1000 + (n % 9000)}.50,EUR,Sales pipeline,${STAGES[n % 5]},Open,2026-01-${String(1 + (n % 28)).padStart(2, '0')} 09:00:00,,,Organization number ${n} AB,Hot\n`;
      if (bytes + line.length > limitBytes) break;
      bytes += line.length;
      lines.push(line);
      if (lines.length === 10_000) {
        writeSync(fd, lines.join(''));
        lines = [];
      }
    }
    writeSync(fd, lines.join(''));
    return { bytes, deals: n };
  } finally {
    closeSync(fd);
  }
}
