import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTable, detectFormat, detectMapping, parseCsv, type ConvertOptions, type ConversionReport, type CsvTable, type ColumnMapping } from '@/lib/history-import';
import type { HistoryDeal } from '@/lib/metrics/history';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';

export const FIXTURES = join(__dirname, '../../fixtures/history-import');

export const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A fixture parsed, its format detected and mapped, then converted (no playbook unless given). */
export async function importFixture(name: string, options: ConvertOptions = {}): Promise<{ table: CsvTable; mapping: ColumnMapping; report: ConversionReport }> {
  const table = parseCsv(fixture(name));
  const format = detectFormat(table.header);
  if (!format) throw new Error(`${name}: format not detected`);
  const mapping = detectMapping(table, format);
  return { table, mapping, report: await convertTable(table, mapping, options) };
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A deal's stage history as `stage@ISO` strings, for hand checks. */
export const path = (deal: HistoryDeal) => deal.stageHistory.map((h) => `${h.stage}@${iso(h.enteredAt)}`);

export function dealById(deals: readonly HistoryDeal[], id: string): HistoryDeal {
  const found = deals.find((d) => d.id === id);
  if (!found) throw new Error(`no deal ${id}`);
  return found;
}

/** A team playbook whose "Sales" pipeline is Pipedrive's "Sales pipeline" (by alias). */
export function salesPlaybook(): Playbook {
  return playbookSchema.parse({
    id: 'team',
    name: 'Team process',
    updatedAt: '2026-01-01T00:00:00.000Z',
    pipelines: [
      {
        id: 'sales',
        name: 'Sales',
        aliases: { pipedrive: ['Sales pipeline'], hubspot: ['Sales Pipeline'] },
        stages: [
          { id: 'qualified', name: 'Qualified', probability: 0.1, rotDays: 14 },
          { id: 'contact', name: 'Contact', aliases: { pipedrive: ['Contact Made'] }, probability: 0.2, rotDays: 10 },
          { id: 'demo', name: 'Demo', aliases: { pipedrive: ['Demo Scheduled'] }, probability: 0.4 },
          { id: 'proposal', name: 'Proposal', aliases: { pipedrive: ['Proposal Made'], hubspot: ['Contract Sent'] }, probability: 0.6, rotDays: 7 },
          { id: 'negotiation', name: 'Negotiation', aliases: { pipedrive: ['Negotiations Started'], hubspot: ['Verbal Commit'] }, probability: 0.8, rotDays: 5 },
          { id: 'won', name: 'Won', aliases: { hubspot: ['Closed Won'] }, outcome: 'won', probability: 1 },
          { id: 'lost', name: 'Lost', aliases: { hubspot: ['Closed Lost'] }, outcome: 'lost', probability: 0 },
        ],
      },
    ],
  });
}
