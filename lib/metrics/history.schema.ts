// The history file's contract (./history-file: types, zod schema, errors) and its reader
// (./history-reader: one pass, the first bad path named), under the established import path.
export * from './history-file';
export { parseHistoryText, readHistory, validateHistory, type ReadOptions } from './history-reader';
