import type { CsvRecord, CsvTable, Delimiter } from './csv';
import { FIELD_KINDS, fieldsOf, headerMapping, type ColumnMapping, type CsvFormat } from './formats';
import {
  amountDependsOnDecimal,
  dateDependsOnOrder,
  dateOrderOfVotes,
  dateOrderVote,
  decimalOfVotes,
  decimalVote,
  percentDependsOnDecimal,
} from './values';

// The date order and decimal separator of an export, voted by a sample of its cells: the first 500
// non-empty cells of each date column (and HubSpot stage-history column) for the order, of the
// amount and probability columns for the separator; when the votes cannot tell, day first and
// decimal comma for `;` files, the US way otherwise.
//
// The sample takes rows as they come, so a file read piece by piece knows its mapping as early as
// the votes allow: a vote is settled once the cells still to come could not change it (the lead is
// larger than the cells the sample may still take), and a row none of whose cells reads differently
// either way can be converted before then.

/** Non-empty cells sampled per column. */
export const SAMPLE_CELLS = 500;

interface Sampled {
  column: number;
  taken: number;
}

export class MappingSample {
  private readonly base: Pick<ColumnMapping, 'format' | 'columns' | 'stageColumns'>;
  private readonly european: boolean;
  private readonly dates: Sampled[];
  private readonly amounts: Sampled[];
  private readonly percentColumn: number | null;
  private readonly valueColumn: number | null;
  private dmy = 0;
  private mdy = 0;
  private comma = 0;
  private dot = 0;

  constructor(header: readonly string[], delimiter: Delimiter, format: CsvFormat) {
    this.base = headerMapping(header, format);
    this.european = delimiter === ';';
    const column = (c: number | null | undefined) => (c === null || c === undefined ? [] : [{ column: c, taken: 0 }]);
    const columns = this.base.columns;
    this.dates = [...fieldsOf(format).filter((field) => FIELD_KINDS[field] === 'date').flatMap((field) => column(columns[field])), ...this.base.stageColumns.flatMap((stage) => column(stage.column))];
    this.valueColumn = columns.value ?? null;
    this.percentColumn = columns.probability ?? null;
    this.amounts = [...column(this.valueColumn), ...column(this.percentColumn)];
  }

  /** Takes a row's cells into the sample. */
  add(row: CsvRecord): void {
    for (const sampled of this.dates) {
      if (sampled.taken >= SAMPLE_CELLS) continue;
      const cell = row.fields[sampled.column]?.trim();
      if (!cell) continue;
      sampled.taken++;
      const vote = dateOrderVote(cell);
      if (vote === 'dmy') this.dmy++;
      else if (vote === 'mdy') this.mdy++;
    }
    for (const sampled of this.amounts) {
      if (sampled.taken >= SAMPLE_CELLS) continue;
      const cell = row.fields[sampled.column]?.trim();
      if (!cell) continue;
      sampled.taken++;
      const vote = decimalVote(cell);
      if (vote === ',') this.comma++;
      else if (vote === '.') this.dot++;
    }
  }

  /** Every column has its sample: more rows change nothing. */
  get full(): boolean {
    return room(this.dates) === 0 && room(this.amounts) === 0;
  }

  /** The date order can no longer change, whatever rows come. */
  get dateOrderSettled(): boolean {
    return Math.abs(this.dmy - this.mdy) > room(this.dates) || room(this.dates) === 0;
  }

  get decimalSettled(): boolean {
    return Math.abs(this.comma - this.dot) > room(this.amounts) || room(this.amounts) === 0;
  }

  get settled(): boolean {
    return this.dateOrderSettled && this.decimalSettled;
  }

  /** The mapping the sample votes for so far (final once settled, or once every row is in). */
  mapping(): ColumnMapping {
    const dateOrder = dateOrderOfVotes(this.dmy, this.mdy) ?? (this.european ? 'dmy' : 'mdy');
    const decimal = decimalOfVotes(this.comma, this.dot) ?? (this.european ? ',' : '.');
    // The same object while the votes say the same (asked for every row of a file read piece by piece).
    const last = this.last;
    if (last && last.dateOrder === dateOrder && last.decimal === decimal) return last;
    return (this.last = { ...this.base, dateOrder, decimal });
  }

  private last: ColumnMapping | null = null;

  /** Whether the row converts the same whatever the votes not yet settled decide. */
  readsTheSame(row: CsvRecord): boolean {
    const cell = (column: number) => row.fields[column]?.trim() ?? '';
    // Only a date with a slash can depend on the order (dateDependsOnOrder), so most cells are not trimmed.
    if (!this.dateOrderSettled && this.dates.some((sampled) => row.fields[sampled.column]?.includes('/') && dateDependsOnOrder(cell(sampled.column)))) return false;
    if (this.decimalSettled) return true;
    if (this.valueColumn !== null && amountDependsOnDecimal(cell(this.valueColumn))) return false;
    return this.percentColumn === null || !percentDependsOnDecimal(cell(this.percentColumn));
  }
}

/** Cells the sample may still take. */
function room(sampled: readonly Sampled[]): number {
  let left = 0;
  for (const s of sampled) left += SAMPLE_CELLS - s.taken;
  return left;
}

/**
 * The mapping of a format over a table: each field's column by header name, the stage-history
 * columns, and the date order and decimal separator voted by a sample of the cells.
 */
export function detectMapping(table: CsvTable, format: CsvFormat): ColumnMapping {
  const sample = new MappingSample(table.header, table.delimiter, format);
  for (const row of table.rows) {
    if (sample.full) break;
    sample.add(row);
  }
  return sample.mapping();
}
