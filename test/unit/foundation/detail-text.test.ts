import { describe, expect, it } from 'vitest';
import { createTranslator } from '@/lib/i18n';
import { detailText } from '@/lib/i18n/detail-text';
import { formatBytes } from '@/lib/i18n/format';
import { note } from '@/lib/model/detail-note';
import { issueNote } from '@/lib/model/issue-note';
import { parsePlaybookFile, PLAYBOOK_FILE_FORMAT, PLAYBOOK_FILE_VERSION } from '@/lib/playbook-io/playbook-file';
import { playbookSchema } from '@/lib/model/playbook.schema';
import type { Locale } from '@/lib/model/settings.schema';

const say = (detail: Parameters<typeof detailText>[0], locale: Locale) => detailText(detail, createTranslator(locale), locale);

describe('byte sizes in the page language', () => {
  it.each([
    ['en', '512 bytes', '1.5 kB', '100.0 MB'],
    ['sv', '512 byte', '1,5 kB', '100,0 MB'],
    ['nb', '512 byte', '1,5 kB', '100,0 MB'],
    ['nl', '512 byte', '1,5 kB', '100,0 MB'],
    ['it', '512 byte', '1,5 kB', '100,0 MB'],
  ] as const)('%s', (locale, bytes, kilo, mega) => {
    expect(formatBytes(512, locale)).toBe(bytes);
    expect(formatBytes(1536, locale)).toBe(kilo);
    expect(formatBytes(100 * 1024 * 1024, locale)).toBe(mega);
  });
});

describe('a refused file’s detail in the page language', () => {
  const tooLarge = { detail: 'the file is 150.0 MB; the limit is 100.0 MB', note: note('fileTooLarge', { size: { bytes: 150 * 1024 * 1024 }, limit: { bytes: 100 * 1024 * 1024 } }) };
  it.each([
    ['en', 'the file is 150.0 MB; the limit is 100.0 MB'],
    ['sv', 'filen är 150,0 MB; gränsen är 100,0 MB'],
    ['nb', 'filen er 150,0 MB; grensen er 100,0 MB'],
    ['nl', 'het bestand is 150,0 MB; de limiet is 100,0 MB'],
    ['it', 'il file è di 150,0 MB; il limite è 100,0 MB'],
  ] as const)('sizes, %s', (locale, expected) => {
    expect(say(tooLarge, locale)).toBe(expected);
  });

  it('a schema problem: the place, then what was expected and found, in words of the language', () => {
    const text = parsePlaybookFile(JSON.stringify({ format: PLAYBOOK_FILE_FORMAT, version: PLAYBOOK_FILE_VERSION, exportedAt: '2026-01-01T00:00:00Z', playbook: { id: 7 } }));
    expect(text.ok).toBe(false);
    const error = (text as { ok: false; error: Parameters<typeof detailText>[0] }).error;
    expect(say(error, 'en')).toMatch(/^playbook\.id: expected text, found a number$/);
    expect(say(error, 'sv')).toBe('playbook.id: förväntade text, hittade ett tal');
    expect(say(error, 'nb')).toBe('playbook.id: forventet tekst, fant et tall');
    expect(say(error, 'nl')).toBe('playbook.id: verwachtte tekst, vond een getal');
    expect(say(error, 'it')).toBe('playbook.id: atteso testo, trovato un numero');
  });

  it('limits, choices and missing values from zod issues, with numbers in the language', () => {
    const schema = playbookSchema;
    const result = schema.safeParse({});
    expect(result.success).toBe(false);
    const missing = issueNote(result.error!.issues[0]!, {}, ['playbook']);
    expect(missing.id).toBe('missing');
    expect(say({ detail: '', note: missing }, 'it')).toMatch(/^playbook\.\w+: manca: atteso /);
    expect(say({ detail: '', note: note('tooManyItems', { max: 1000 }, 'stages') }, 'sv')).toMatch(/^stages: får ha högst 1\s000 element$/); // grouped the Swedish way
    expect(say({ detail: '', note: note('oneOf', { values: { list: ['"won"', '"lost"'] } }, 'status') }, 'nl')).toBe('status: verwachtte een van "won", "lost"');
  });

  it('a detail no note was made for is shown as it is', () => {
    expect(say({ detail: 'something technical' }, 'sv')).toBe('something technical');
  });
});
