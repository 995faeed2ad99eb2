// Pipedrive's deals export (CSV or Excel): "Deal - Title", "Deal - Value", … (also without the
// "Deal - " prefix), in English or German. One row per deal; only the current stage (no stage history).

import { normalizeHeader, type FormatSpec } from '../../history-import/format-spec';

const DEAL_PREFIX = /^deal\s*-\s*/;
/** Columns (without the "Deal - " prefix) that only Pipedrive writes, in English and German. */
const PIPEDRIVE_ONLY: ReadonlySet<string> = new Set([
  'deal created',
  'won time',
  'lost time',
  'last stage change',
  'deal closed on',
  'deal erstellt',
  'datum des gewonnenen deals',
  'datum des verlorenen deals',
  'letzte phasenänderung',
  'deal abgeschlossen am',
]);

export const pipedriveExportFormat: FormatSpec = {
  format: 'pipedrive',
  fields: [
    // English, then German (a Pipedrive account set to Deutsch exports "Deal - Titel", "Deal - Phase", …).
    { field: 'id', headers: ['id', 'deal id'] },
    { field: 'title', headers: ['title', 'deal title', 'titel'] },
    { field: 'owner', headers: ['owner', 'owner name', 'deal owner', 'besitzer'] },
    { field: 'value', headers: ['value', 'deal value', 'wert'] },
    { field: 'currency', headers: ['currency', 'currency of value', 'währung'] },
    { field: 'pipeline', headers: ['pipeline'] },
    { field: 'stage', headers: ['stage', 'phase'] },
    { field: 'status', headers: ['status'] },
    { field: 'createdAt', headers: ['deal created', 'add time', 'deal created on', 'created', 'deal erstellt'] },
    { field: 'wonAt', headers: ['won time', 'won on', 'datum des gewonnenen deals'] },
    { field: 'lostAt', headers: ['lost time', 'lost on', 'datum des verlorenen deals'] },
    { field: 'closedAt', headers: ['deal closed on', 'close time', 'closed on', 'deal abgeschlossen am'] },
    { field: 'lastStageChange', headers: ['last stage change', 'stage change time', 'last stage change time', 'letzte phasenänderung'] },
  ],
  required: [['title', 'id'], ['owner'], ['stage'], ['status'], ['createdAt']],
  signature: (headers) => (headers.some((h) => DEAL_PREFIX.test(h)) ? 4 : 0) + headers.filter((h) => PIPEDRIVE_ONLY.has(h.replace(DEAL_PREFIX, ''))).length,
  recognised: (headers) => headers.filter((h) => DEAL_PREFIX.test(h)).length >= 3 || headers.some((h) => PIPEDRIVE_ONLY.has(h.replace(DEAL_PREFIX, ''))),
  key: (header) => normalizeHeader(header).replace(DEAL_PREFIX, ''),
  layout: 'dealWithStatus',
  stageHistoryColumns: false,
};
