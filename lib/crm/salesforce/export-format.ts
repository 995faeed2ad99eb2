// Salesforce's opportunity history report: one row per stage change ("From Stage" → "To Stage" at
// "Stage Change Date"/"Edit Date"/"Last Modified"), grouped into deals by "Opportunity ID" (else by name).

import { headersOf, normalizeHeader, type FormatSpec } from '../../history-import/format-spec';

/** A Salesforce column about the opportunity ("Opportunity Name", "Opportunity-Inhaber", "Nom de l'opportunité", "Nombre de la oportunidad"…). */
const OPPORTUNITY_WORD = /(^|[^a-z])(opportunit|oportunidad|verkoopkans|affärsmöjlighet)/;

export const salesforceExportFormat: FormatSpec = {
  format: 'salesforce',
  // Report columns carry the field labels of the user's language: English, then German, French,
  // Spanish, Dutch, Swedish and Italian as Salesforce translates the standard opportunity fields.
  fields: [
    { field: 'id', headers: ['opportunity id', 'opportunity id 18', 'opportunity: opportunity id', 'opportunity id (18)', 'opportunity-id', 'id de l\'opportunité', 'id. de oportunidad', 'id de oportunidad', 'opportunity-id 18', 'affärsmöjlighets-id', 'id opportunità'] },
    { field: 'title', headers: ['opportunity name', 'opportunity: opportunity name', 'opportunity-name', 'nom de l\'opportunité', 'nombre de la oportunidad', 'naam verkoopkans', 'affärsmöjlighetens namn', 'affärsmöjlighetsnamn', 'nome opportunità'] },
    { field: 'owner', headers: ['opportunity owner', 'opportunity owner: full name', 'owner full name', 'owner', 'opportunity-inhaber', 'propriétaire de l\'opportunité', 'propietario de oportunidad', 'propietario de la oportunidad', 'eigenaar verkoopkans', 'affärsmöjlighetens ägare', 'affärsmöjlighetsägare', 'titolare opportunità'] },
    { field: 'value', headers: ['amount', 'opportunity amount', 'betrag', 'opportunity-betrag', 'montant', 'importe', 'bedrag', 'belopp', 'importo'] },
    { field: 'currency', headers: ['opportunity currency', 'amount currency', 'currency', 'opportunity-währung', 'währung', 'devise de l\'opportunité', 'devise', 'divisa de la oportunidad', 'divisa', 'valuta'] },
    { field: 'pipeline', headers: ['sales process', 'opportunity record type', 'record type', 'pipeline', 'datensatztyp der opportunity', 'datensatztyp', 'type d\'enregistrement de l\'opportunité', 'tipo de registro de la oportunidad'] },
    { field: 'fromStage', headers: ['from stage', 'from stage name', 'von phase', 'alte phase', 'étape précédente', 'de l\'étape', 'etapa anterior', 'desde la etapa'] },
    { field: 'toStage', headers: ['to stage', 'to stage name', 'zu phase', 'neue phase', 'nouvelle étape', 'à l\'étape', 'etapa nueva', 'hasta la etapa'] },
    { field: 'stage', headers: ['stage', 'opportunity stage', 'stage name', 'phase', 'étape', 'etapa', 'fase', 'fas', 'stadium'] },
    { field: 'changedAt', headers: ['stage change date', 'edit date', 'last modified', 'last modified date', 'date changed', 'last stage change date', 'bearbeitungsdatum', 'zuletzt geändert am', 'datum der letzten phasenänderung', 'date de modification', 'dernière modification', 'date de la dernière modification d\'étape', 'fecha de modificación', 'fecha de última modificación', 'fecha del último cambio de etapa', 'laatst gewijzigd', 'senast ändrad', 'data ultima modifica'] },
    { field: 'createdAt', headers: ['created date', 'create date', 'opportunity created date', 'erstelldatum', 'erstellt am', 'date de création', 'fecha de creación', 'aanmaakdatum', 'datum skapat', 'skapad den', 'data di creazione'] },
    { field: 'closedAt', headers: ['close date', 'schlusstermin', 'date de clôture', 'fecha de cierre', 'sluitingsdatum', 'slutdatum', 'data di chiusura'] },
    { field: 'won', headers: ['won', 'is won', 'gewonnen', 'gagnée', 'gagné', 'ganada', 'vunnen', 'vinta'] },
    { field: 'closed', headers: ['closed', 'is closed', 'geschlossen', 'fermée', 'fermé', 'cerrada', 'gesloten', 'stängd', 'chiusa'] },
    { field: 'probability', headers: ['probability (%)', 'probability %', 'probability', 'wahrscheinlichkeit (%)', 'wahrscheinlichkeit', 'probabilité (%)', 'probabilité', 'probabilidad (%)', 'probabilidad', 'waarschijnlijkheid (%)', 'sannolikhet (%)', 'probabilità (%)'] },
  ],
  required: [['id', 'title'], ['owner'], ['toStage', 'stage'], ['changedAt']],
  signature: (headers) =>
    (headers.some((h) => OPPORTUNITY_WORD.test(h)) ? 3 : 0) + ['from stage', 'to stage', 'stage change date', 'edit date', 'stage duration'].filter((h) => headers.includes(h)).length,
  // A column naming the opportunity (in any of the languages above) and a stage column.
  recognised: (headers) =>
    headers.some((h) => OPPORTUNITY_WORD.test(h)) && headers.some((h) => [...headersOf(salesforceExportFormat.fields, 'fromStage'), ...headersOf(salesforceExportFormat.fields, 'toStage'), ...headersOf(salesforceExportFormat.fields, 'stage')].includes(h)),
  key: normalizeHeader,
  layout: 'stageChanges',
  stageHistoryColumns: false,
};
