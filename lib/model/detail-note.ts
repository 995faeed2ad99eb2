// A problem's detail as data, so the page can say it in the reader's language: which message, its
// values and where in the file. The English `detail` text stays beside it for the command line and
// logs; a view shows the note when there is one. Sizes stay in bytes and kinds of value stay kinds,
// so the view formats and names them in its own language.

/** What kind of value a file held where something else was expected. */
export type ValueKind = 'text' | 'number' | 'boolean' | 'object' | 'array' | 'null' | 'missing' | 'date' | 'other';

export type NoteValue = string | number | { bytes: number } | { kind: ValueKind } | { list: readonly string[] };

export type NoteId =
  // the file as a whole
  | 'empty'
  | 'truncated'
  | 'invalidJson'
  | 'invalidJsonAt'
  | 'forbiddenKey'
  | 'tooDeep'
  | 'notAnObject'
  | 'wrongFormat'
  | 'unsupportedVersion'
  | 'fileTooLarge'
  | 'textTooLarge'
  | 'unreadable'
  | 'expectedPlaybook'
  // a backup's rows
  | 'playbookIdMismatch'
  | 'duplicatePlaybookId'
  | 'dealKeyMismatch'
  | 'dealUrlMismatch'
  // a value against its schema
  | 'missing'
  | 'invalidType'
  | 'emptyText'
  | 'tooShort'
  | 'tooFewItems'
  | 'tooSmall'
  | 'tooSmallExclusive'
  | 'tooLong'
  | 'tooManyItems'
  | 'tooBig'
  | 'tooBigExclusive'
  | 'notWhole'
  | 'invalidDateTime'
  | 'invalidDate'
  | 'invalidEmail'
  | 'invalidUrl'
  | 'invalidFormat'
  | 'oneOf'
  | 'unknownKeys'
  | 'noMatch'
  | 'duplicateId'
  | 'unknownTask'
  | 'unknownChecklist'
  | 'invalid'
  // a rule of the automation's e-mail lists
  | 'noTagsToRemove'
  // a sales history file
  | 'duplicateTask'
  | 'unknownPipeline'
  | 'noRate'
  | 'notAStageOf'
  | 'unknownDeal'
  | 'duplicateOf'
  // a CRM export
  | 'unknownFormat'
  | 'noColumnNames'
  | 'headerOnly'
  | 'noRows'
  | 'csvUnclosedQuote'
  | 'csvAfterQuote'
  | 'tooManyPipelines'
  | 'tooManyStages'
  | 'notWorkbook'
  | 'workbookTooLarge'
  | 'noWorkbookXml'
  | 'noWorksheet'
  | 'emptySheet'
  // a marketing spend CSV
  | 'missingColumns'
  | 'notAMonth'
  | 'notAnAmount';

export interface DetailNote {
  id: NoteId;
  /** Where in the file (`pipelines[0].stages[2].name`); absent for the file as a whole. */
  at?: string;
  values?: Record<string, NoteValue>;
}

export const note = (id: NoteId, values?: Record<string, NoteValue>, at?: string): DetailNote => ({ id, ...(at ? { at } : {}), ...(values ? { values } : {}) });

/** The kind of a value from a file (undefined: the key is missing). */
export function kindOf(value: unknown): ValueKind {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}
