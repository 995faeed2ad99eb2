import type { DetailNote, NoteValue } from '../model/detail-note';
import type { Locale } from '../model/settings.schema';
import { formatBytes, formatCount } from './format';
import type { MessageKey, Translate } from './index';

// A refused file's detail in the reader's language: the place in the file, then what is wrong
// there, with sizes, counts and kinds of value said the reader's way. Without a note (a detail no
// note was made for) the technical English detail is shown as it is.

function valueText(value: NoteValue, t: Translate, locale: Locale): string {
  if (typeof value === 'number') return formatCount(value, locale);
  if (typeof value === 'string') return value;
  if ('bytes' in value) return formatBytes(value.bytes, locale);
  if ('kind' in value) return t(`detail.kind.${value.kind}` satisfies MessageKey);
  return value.list.join(', ');
}

export function detailText(detail: { detail: string; note?: DetailNote }, t: Translate, locale: Locale): string {
  const { note } = detail;
  if (!note) return detail.detail;
  const params = Object.fromEntries(Object.entries(note.values ?? {}).map(([name, value]) => [name, valueText(value, t, locale)]));
  // `satisfies`: a note id or kind without its message fails the type check.
  const text = t(`detail.${note.id}` satisfies MessageKey, params);
  return note.at ? `${note.at}: ${text}` : text;
}
