import { describe, expect, it } from 'vitest';
import { detectFormat, detectMapping, findStageColumns, formatFields, missingFields, parseCsv, scoreFormats, withColumn, type ColumnMapping, type FieldId } from '@/lib/history-import';
import { fixture } from './helpers';

/** field → header name, for readable expectations. */
function named(header: readonly string[], mapping: ColumnMapping): Partial<Record<FieldId, string | null>> {
  return Object.fromEntries(Object.entries(mapping.columns).map(([field, column]) => [field, column === null || column === undefined ? null : header[column]!]));
}

describe('format detection by headers', () => {
  it.each([
    ['pipedrive-deals.csv', 'pipedrive'],
    ['pipedrive-deals-eu.csv', 'pipedrive'],
    ['pipedrive-bad-number.csv', 'pipedrive'],
    ['hubspot-deals.csv', 'hubspot'],
    ['hubspot-bad-date.csv', 'hubspot'],
    ['hubspot-unknown-stage-order.csv', 'hubspot'],
    ['salesforce-opportunity-history.csv', 'salesforce'],
    ['salesforce-missing-column.csv', 'salesforce'],
    ['hubspot-deals-de.csv', 'hubspot'],
    ['salesforce-opportunities-de.csv', 'salesforce'],
    ['pipedrive-deals-de.csv', 'pipedrive'],
  ])('%s is a %s export', (name, format) => {
    expect(detectFormat(parseCsv(fixture(name)).header)).toBe(format);
  });

  it('recognises headers case- and spacing-insensitively, with or without Pipedrive’s prefix', () => {
    expect(detectFormat(['deal - title', 'DEAL -  STAGE', 'Deal - Status', 'Deal - Owner'])).toBe('pipedrive');
    expect(detectFormat(['Title', 'Owner', 'Stage', 'Status', 'Deal created', 'Won time'])).toBe('pipedrive');
    expect(detectFormat(['Deal Name', 'Deal Stage', 'Deal owner', 'Create Date'])).toBe('hubspot');
    expect(detectFormat(['Opportunity Name', 'Opportunity Owner', 'From Stage', 'To Stage', 'Last Modified'])).toBe('salesforce');
  });

  it('recognises HubSpot and Salesforce exports in the languages their users work in, and maps every required field', () => {
    const cases: [string[], 'hubspot' | 'salesforce'][] = [
      [['Datensatz-ID', 'Deal-Name', 'Deal-Phase', 'Deal-Inhaber', 'Erstellungsdatum', 'Abschlussdatum', 'Betrag'], 'hubspot'],
      [["ID de fiche d'informations", 'Nom de la transaction', 'Phase de la transaction', 'Propriétaire de la transaction', 'Date de création', 'Montant'], 'hubspot'],
      [['ID de registro', 'Nombre del negocio', 'Etapa del negocio', 'Propietario del negocio', 'Fecha de creación', 'Importe'], 'hubspot'],
      [['Record-ID', 'Dealnaam', 'Dealfase', 'Deal-eigenaar', 'Aanmaakdatum', 'Bedrag', 'Sluitingsdatum'], 'hubspot'],
      [['Opportunity-Inhaber', 'Opportunity-Name', 'Phase', 'Betrag', 'Erstelldatum', 'Zuletzt geändert am'], 'salesforce'],
      [["Propriétaire de l'opportunité", "Nom de l'opportunité", 'Étape', 'Montant', 'Date de création', 'Date de modification'], 'salesforce'],
      [['Propietario de oportunidad', 'Nombre de la oportunidad', 'Etapa', 'Importe', 'Fecha de creación', 'Fecha de modificación'], 'salesforce'],
    ];
    for (const [header, format] of cases) {
      expect(detectFormat(header), header.join(',')).toBe(format);
      expect(missingFields(detectMapping(parseCsv(`${header.join(',')}\n${header.map(() => 'x').join(',')}\n`), format)), header.join(',')).toEqual([]);
    }
  });

  it('recognises nothing in unrelated or ambiguous headers', () => {
    expect(detectFormat(['Name', 'Email', 'Phone'])).toBeNull();
    expect(detectFormat(['Stage', 'Owner'])).toBeNull();
    expect(detectFormat([])).toBeNull();
    expect(scoreFormats(['Name'])[0]!.score).toBeLessThan(4);
  });
});

describe('column mapping', () => {
  it('Pipedrive: every field by its "Deal - " column; dates ISO-like, decimal point', () => {
    const table = parseCsv(fixture('pipedrive-deals.csv'));
    const mapping = detectMapping(table, 'pipedrive');
    expect(named(table.header, mapping)).toEqual({
      id: 'Deal - ID',
      title: 'Deal - Title',
      owner: 'Deal - Owner',
      value: 'Deal - Value',
      currency: 'Deal - Currency',
      pipeline: 'Deal - Pipeline',
      stage: 'Deal - Stage',
      status: 'Deal - Status',
      createdAt: 'Deal - Deal created',
      wonAt: 'Deal - Won time',
      lostAt: 'Deal - Lost time',
      closedAt: 'Deal - Deal closed on',
      lastStageChange: 'Deal - Last stage change',
    });
    expect(mapping.decimal).toBe('.');
    expect(mapping.stageColumns).toEqual([]);
    expect(missingFields(mapping)).toEqual([]);
  });

  it('Pipedrive, European export: `;`, no prefix, decimal comma and day-first dates', () => {
    const table = parseCsv(fixture('pipedrive-deals-eu.csv'));
    expect(table.delimiter).toBe(';');
    expect(table.header[0]).toBe('ID'); // the byte order mark is gone
    const mapping = detectMapping(table, 'pipedrive');
    expect(named(table.header, mapping)).toMatchObject({ id: 'ID', title: 'Title', value: 'Value', createdAt: 'Deal created', closedAt: null, lastStageChange: 'Last stage change' });
    expect(mapping.decimal).toBe(',');
    expect(mapping.dateOrder).toBe('dmy');
  });

  it('HubSpot: fields, and the Date entered columns with stage and pipeline in file order', () => {
    const table = parseCsv(fixture('hubspot-deals.csv'));
    const mapping = detectMapping(table, 'hubspot');
    expect(named(table.header, mapping)).toEqual({
      id: 'Record ID',
      title: 'Deal Name',
      owner: 'Deal owner',
      value: 'Amount',
      currency: null,
      pipeline: 'Pipeline',
      stage: 'Deal Stage',
      createdAt: 'Create Date',
      closedAt: 'Close Date',
      lastStageChange: null,
      won: null,
      closed: null,
    });
    expect(mapping.stageColumns.map((c) => [table.header[c.column], c.stage, c.pipeline])).toEqual([
      ['Date entered "Appointment Scheduled (Sales Pipeline)"', 'Appointment Scheduled', 'Sales Pipeline'],
      ['Date entered "Qualified To Buy (Sales Pipeline)"', 'Qualified To Buy', 'Sales Pipeline'],
      ['Date entered "Presentation Scheduled (Sales Pipeline)"', 'Presentation Scheduled', 'Sales Pipeline'],
      ['Date entered "Decision Maker Bought-In (Sales Pipeline)"', 'Decision Maker Bought-In', 'Sales Pipeline'],
      ['Date entered "Contract Sent (Sales Pipeline)"', 'Contract Sent', 'Sales Pipeline'],
      ['Date entered "Closed Won (Sales Pipeline)"', 'Closed Won', 'Sales Pipeline'],
      ['Date entered "Closed Lost (Sales Pipeline)"', 'Closed Lost', 'Sales Pipeline'],
    ]);
    // Amounts like "8,500.50": decimal point.
    expect(mapping.decimal).toBe('.');
  });

  it('HubSpot stage columns: a "(…)" is the pipeline only when every column has one; curly quotes too', () => {
    expect(findStageColumns(['Date entered “Demo (online)”', 'Date entered "Proposal"', 'Date exited "Demo"'])).toEqual([
      { column: 0, stage: 'Demo (online)', pipeline: null },
      { column: 1, stage: 'Proposal', pipeline: null },
    ]);
    // A hand-made file without quotes still names its stages.
    expect(findStageColumns(['Date entered Demo', 'Date entered Proposal'])).toEqual([
      { column: 0, stage: 'Demo', pipeline: null },
      { column: 1, stage: 'Proposal', pipeline: null },
    ]);
    expect(findStageColumns(['date entered "Demo (EMEA)"', 'Date Entered "Won (EMEA)"'])).toEqual([
      { column: 0, stage: 'Demo', pipeline: 'EMEA' },
      { column: 1, stage: 'Won', pipeline: 'EMEA' },
    ]);
  });

  it('HubSpot’s current-stage, exited, latest-time and cumulative-time columns are never stages; the pipeline stays', () => {
    const header = [
      'Record ID',
      'Date entered current stage',
      'Date entered "Appointment Scheduled (Sales Pipeline)"',
      'Date exited "Appointment Scheduled (Sales Pipeline)"',
      'Latest time in "Appointment Scheduled (Sales Pipeline)"',
      'Cumulative time in "Appointment Scheduled (Sales Pipeline)"',
      'Date entered "Closed Won (Sales Pipeline)"',
      'Time in current stage',
    ];
    expect(findStageColumns(header)).toEqual([
      { column: 2, stage: 'Appointment Scheduled', pipeline: 'Sales Pipeline' },
      { column: 6, stage: 'Closed Won', pipeline: 'Sales Pipeline' },
    ]);
    expect(findStageColumns(['Date entered current stage', 'Date entered Demo'])).toEqual([{ column: 1, stage: 'Demo', pipeline: null }]);
  });

  it('Salesforce: history columns, the first of the date alternatives present, month-first dates', () => {
    const table = parseCsv(fixture('salesforce-opportunity-history.csv'));
    const mapping = detectMapping(table, 'salesforce');
    expect(named(table.header, mapping)).toEqual({
      id: 'Opportunity ID',
      title: 'Opportunity Name',
      owner: 'Opportunity Owner',
      value: 'Amount',
      currency: null,
      pipeline: null,
      fromStage: 'From Stage',
      toStage: 'To Stage',
      stage: null,
      changedAt: 'Edit Date',
      createdAt: 'Created Date',
      closedAt: 'Close Date',
      won: 'Won',
      closed: 'Closed',
      probability: 'Probability (%)',
    });
    expect(mapping.dateOrder).toBe('mdy');
    expect(detectMapping(parseCsv('Opportunity Name,Opportunity Owner,Stage,Stage Change Date,Last Modified\n'), 'salesforce').columns.changedAt).toBe(3);
  });

  it('a missing required column is reported by its field group; mapping it by hand fixes that', () => {
    const table = parseCsv(fixture('salesforce-missing-column.csv'));
    const mapping = detectMapping(table, 'salesforce');
    expect(missingFields(mapping)).toEqual([['toStage', 'stage']]);
    const fixed = withColumn(mapping, 'stage', table.header.indexOf('From Stage'));
    expect(missingFields(fixed)).toEqual([]);
    expect(mapping.columns.stage).toBeNull(); // the original is unchanged
  });

  it('lists each format’s fields with the required ones marked', () => {
    expect(formatFields('pipedrive').filter((f) => f.required).map((f) => f.field)).toEqual(['id', 'title', 'owner', 'stage', 'status', 'createdAt']);
    expect(formatFields('salesforce').find((f) => f.field === 'changedAt')).toEqual({ field: 'changedAt', required: true, or: [] });
    expect(formatFields('pipedrive').find((f) => f.field === 'id')).toEqual({ field: 'id', required: true, or: ['title'] });
    expect(formatFields('pipedrive').find((f) => f.field === 'value')).toEqual({ field: 'value', required: false, or: [] });
  });

  it('headers named like prototype keys are ordinary (unmatched) columns', () => {
    const table = parseCsv('__proto__,constructor,Deal - Title,Deal - Stage,Deal - Status,Deal - Owner,Deal - Deal created\nx,y,A,Demo,Open,Ann,2026-01-01\n');
    const mapping = detectMapping(table, 'pipedrive');
    expect(Object.values(mapping.columns)).not.toContain(0);
    expect(Object.values(mapping.columns)).not.toContain(1);
    expect(Object.getPrototypeOf(mapping.columns)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
