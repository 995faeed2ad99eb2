// HubSpot's deals export: "Record ID", "Deal Name", "Deal Stage", …, and `Date entered "<stage>
// (<pipeline>)"` columns, which give each deal's stage history.

import { findStageColumns, headersOf, normalizeHeader, type FormatSpec } from '../../history-import/format-spec';

const DATE_ENTERED = /^date entered\s+(.+)$/;
/** HubSpot's "Deal Stage" column in the languages of its exports (a bare "Stage" is any CRM's). */
const HUBSPOT_STAGE_HEADERS: readonly string[] = ['deal-phase', 'dealphase', 'phase de la transaction', 'étape de la transaction', 'etapa del negocio', 'dealfase', 'affärsfas', 'fase della trattativa'];

export const hubspotExportFormat: FormatSpec = {
  format: 'hubspot',
  // HubSpot writes the property labels of the exporting user's language: English first, then
  // German, French, Spanish, Dutch, Swedish and Italian as HubSpot's own UI names the default
  // deal properties (record ID, deal name, owner, amount, pipeline, stage, create and close date).
  fields: [
    { field: 'id', headers: ['record id', 'deal id', 'record id - deal', 'datensatz-id', 'id de fiche d\'informations', 'id de registro', 'record-id', 'post-id', 'id record'] },
    { field: 'title', headers: ['deal name', 'deal-name', 'dealname', 'nom de la transaction', 'nombre del negocio', 'dealnaam', 'affärens namn', 'affärsnamn', 'nome della trattativa'] },
    { field: 'owner', headers: ['deal owner', 'owner', 'hubspot owner', 'deal-inhaber', 'propriétaire de la transaction', 'propietario del negocio', 'deal-eigenaar', 'dealeigenaar', 'affärsägare', 'proprietario della trattativa'] },
    { field: 'value', headers: ['amount', 'amount in company currency', 'deal amount', 'betrag', 'betrag in firmenwährung', 'montant', 'montant dans la devise de l\'entreprise', 'importe', 'cantidad', 'bedrag', 'bedrag in bedrijfsvaluta', 'belopp', 'importo'] },
    { field: 'currency', headers: ['currency', 'deal currency code', 'währung', 'devise', 'moneda', 'valuta'] },
    { field: 'pipeline', headers: ['pipeline', 'deal pipeline', 'pipeline de la transaction', 'pipeline del negocio'] },
    { field: 'stage', headers: ['deal stage', 'stage', ...HUBSPOT_STAGE_HEADERS] },
    { field: 'createdAt', headers: ['create date', 'created date', 'deal create date', 'erstellungsdatum', 'erstelldatum', 'date de création', 'fecha de creación', 'aanmaakdatum', 'skapandedatum', 'skapad', 'data di creazione'] },
    { field: 'closedAt', headers: ['close date', 'closed date', 'abschlussdatum', 'date de fermeture', 'date de clôture', 'fecha de cierre', 'sluitingsdatum', 'stängningsdatum', 'data di chiusura'] },
    // HubSpot's own "when did it enter the stage it is in now" (no pipeline suffix, no quotes).
    { field: 'lastStageChange', headers: ['date entered current stage'] },
    { field: 'won', headers: ['is closed won', 'closed won'] },
    { field: 'closed', headers: ['is closed', 'is deal closed?', 'is deal closed'] },
  ],
  required: [['title', 'id'], ['owner'], ['stage'], ['createdAt']],
  signature: (headers) =>
    ['record id', 'deal name', 'deal stage', 'deal owner'].filter((h) => headers.includes(h)).length +
    (headers.some((h) => HUBSPOT_STAGE_HEADERS.includes(h)) ? 2 : 0) +
    (headers.some((h) => DATE_ENTERED.test(h)) ? 3 : 0),
  // A deal-stage column named the HubSpot way (not a bare "Stage", which every CRM has) beside
  // the record ID, create date or deal name, or HubSpot's stage-history columns.
  recognised: (headers) =>
    findStageColumns(headers).length > 0 ||
    ((headers.includes('deal stage') || headers.some((h) => HUBSPOT_STAGE_HEADERS.includes(h))) &&
      (['id', 'createdAt', 'title'] as const).some((field) => headersOf(hubspotExportFormat.fields, field).some((h) => headers.includes(h)))),
  key: normalizeHeader,
  layout: 'dealWithFlags',
  stageHistoryColumns: true,
};
