import { describe, expect, it } from 'vitest';
import { checkPlaybook } from '@/lib/checker';
import { LOCALES, type Locale } from '@/lib/model/settings.schema';
import { CRM_IDS } from '@/lib/model/deal';
import type { Playbook } from '@/lib/model/playbook.schema';
import { blankPlaybook, TEMPLATES } from '@/lib/playbook/templates';
import { TEMPLATE_TEXTS } from '@/lib/playbook/template-texts';
import { CRM_DEFAULT_STAGES } from '@/lib/playbook/template-texts/crm-stages';
import { parseGuidance, type Block, type Inline } from '@/lib/playbook/guidance';
import { matchStage, normalizeLabel } from '@/lib/playbook/match';
import { createTranslator } from '@/lib/i18n';

// The shipped templates in every language: the same process (ids, goals, due days, evidence,
// probabilities) with every text translated — nothing left in English, the same {{variables}},
// the same guidance markup — and the CRMs' stage names in that language mapped to the same stages.

const now = new Date('2026-11-20T10:00:00Z');
const OTHERS = LOCALES.filter((l): l is Exclude<Locale, 'en'> => l !== 'en');
const builds = (locale: Locale): Playbook[] => [...TEMPLATES.map((t) => t.build(now, locale)), blankPlaybook(now, locale)];

interface Text {
  path: string;
  text: string;
  kind: 'label' | 'guidance' | 'script';
}

/** Every text a rep or manager reads in a built playbook, by where it is. */
function textsOf(book: Playbook): Text[] {
  const out: Text[] = [{ path: 'name', text: book.name, kind: 'label' }];
  for (const q of book.qualifications) for (const item of q.items) out.push({ path: `${q.id}.${item.id}.title`, text: item.title, kind: 'label' }, { path: `${q.id}.${item.id}.hint`, text: item.hint, kind: 'label' });
  for (const p of book.pipelines) {
    out.push({ path: `${p.id}.name`, text: p.name, kind: 'label' });
    for (const s of p.stages) {
      const at = `${p.id}.${s.id}`;
      out.push({ path: `${at}.name`, text: s.name, kind: 'label' });
      if (s.guidance) out.push({ path: `${at}.guidance`, text: s.guidance, kind: 'guidance' });
      for (const t of s.tasks) out.push({ path: `${at}.task.${t.id}`, text: t.title, kind: 'label' });
      for (const c of s.goal) if (c.kind === 'manual') out.push({ path: `${at}.goal.${c.id}`, text: c.label, kind: 'label' });
      for (const sc of s.scripts) {
        out.push({ path: `${at}.script.${sc.id}.title`, text: sc.title, kind: 'label' }, { path: `${at}.script.${sc.id}.body`, text: sc.body, kind: 'script' });
        if (sc.subject) out.push({ path: `${at}.script.${sc.id}.subject`, text: sc.subject, kind: 'script' });
      }
    }
  }
  return out;
}

/** The playbook with every text and alias blanked: what must be identical in every language. */
function skeleton(book: Playbook): unknown {
  return JSON.parse(
    JSON.stringify(book, (key, value: unknown) => {
      if (key === 'aliases') return undefined;
      if (['name', 'guidance', 'title', 'hint', 'label', 'subject', 'body'].includes(key) && typeof value === 'string') return '';
      return value;
    }),
  );
}

/** Words that only English has (none of them is a word in sv, nb, nl or it: not "send", "best" or "quote"). */
const ENGLISH_WORDS = ['the', 'and', 'you', 'your', 'with', 'what', 'when', 'which', 'who', 'before', 'after', 'this', 'that', 'from', 'please', 'thanks', 'hi', 'regards', 'call', 'proposal'];
/** Texts that are the same word in the language (an acronym's letter spelled the same). */
const SAME_AS_ENGLISH: Record<Exclude<Locale, 'en'>, readonly string[]> = { sv: ['Budget', 'Situation'], nb: [], nl: ['Budget'], it: ['Budget'] };

const variables = (text: string) => (text.match(/\{\{\s*[\w.]+\s*\}\}/g) ?? []).sort();
const inlineShape = (inlines: Inline[]): string => inlines.map((i) => (i.kind === 'text' ? '' : i.kind === 'bold' ? `b(${inlineShape(i.children)})` : `a[${i.href}](${inlineShape(i.children)})`)).join('');
/** Paragraphs and lists (numbered or not, how many items) with their bold text and links, without the words. */
const markup = (guidance: string) =>
  parseGuidance(guidance).map((b: Block) => (b.kind === 'paragraph' ? `p:${inlineShape(b.children)}` : `${b.ordered ? 'ol' : 'ul'}:${b.items.map(inlineShape).join('|')}`));

describe.each(OTHERS)('the templates in %s', (locale) => {
  const english = builds('en');
  const translated = builds(locale);

  it('are the same process as in English: every id, goal, due day, evidence, probability and script link', () => {
    expect(translated.map(skeleton)).toEqual(english.map(skeleton));
  });

  it('translate every text: none empty, none left in English', () => {
    translated.forEach((book, b) => {
      const en = new Map(textsOf(english[b]!).map((t) => [t.path, t.text]));
      const texts = textsOf(book);
      expect(texts.map((t) => t.path)).toEqual([...en.keys()]);
      for (const { path, text } of texts) {
        expect(text.trim(), path).not.toBe('');
        if (!SAME_AS_ENGLISH[locale].includes(text)) expect(text, `${path} is the English text`).not.toBe(en.get(path));
        const words = text.toLowerCase().replace(/\{\{[^}]*\}\}|\]\([^)]*\)/g, ' ').split(/[^\p{L}]+/u);
        expect(words.filter((w) => ENGLISH_WORDS.includes(w)), `${path}: ${text}`).toEqual([]);
      }
    });
  });

  it('keep every {{variable}} of each script exactly, and the guidance markup (paragraphs, lists, bold, links)', () => {
    translated.forEach((book, b) => {
      const en = new Map(textsOf(english[b]!).map((t) => [t.path, t]));
      for (const { path, text, kind } of textsOf(book)) {
        expect(variables(text), path).toEqual(variables(en.get(path)!.text));
        if (kind === 'guidance') expect(markup(text), path).toEqual(markup(en.get(path)!.text));
      }
    });
  });

  it('are named as the template picker names them', () => {
    const t = createTranslator(locale);
    expect(translated.map((book) => book.name)).toEqual([...TEMPLATES.map((template) => t(template.nameKey)), t('options.start.blankName')]);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: every CRM default stage, in English or in this language, maps to exactly one stage, the same as in English', (_id, template) => {
    const book = template.build(now, locale);
    const stages = book.pipelines[0]!.stages;
    const local = TEMPLATE_TEXTS[locale].crmStages!;
    for (const crm of CRM_IDS) {
      for (const label of CRM_DEFAULT_STAGES[crm]) {
        const expected = matchStage(template.build(now, 'en'), crm, 'acme', null, label, {})!.stage.id;
        const names: readonly string[] = (local[crm] as Record<string, readonly string[]>)[label]!;
        expect(names.length, `${crm}: ${label}`).toBeGreaterThan(0);
        for (const name of [label, ...names]) {
          const owners = stages.filter((s) => s.aliases[crm].some((a) => normalizeLabel(a) === normalizeLabel(name)));
          expect(owners.map((s) => s.id), `${crm}: ${name}`).toEqual([expected]);
          expect(matchStage(book, crm, 'acme', null, name, {})?.stage.id, `${crm}: ${name}`).toBe(expected);
        }
      }
    }
  });

  it('pass the process checker as the English ones do (the same findings at the same places; none but suggestions in a template)', () => {
    const findings = (book: Playbook) => checkPlaybook(book).map((f) => `${f.severity} ${f.kind} ${f.path.join('.')}`);
    translated.forEach((book, b) => expect(findings(book), book.id).toEqual(findings(english[b]!)));
    for (const template of TEMPLATES) expect(checkPlaybook(template.build(now, locale)).filter((f) => f.severity !== 'info'), template.id).toEqual([]);
  });
});

describe('the English templates', () => {
  it('have no CRM stage names of their own beyond the English ones', () => {
    expect(TEMPLATE_TEXTS.en.crmStages).toBeNull();
  });

  it('pass the process checker without errors or warnings', () => {
    for (const template of TEMPLATES) expect(checkPlaybook(template.build(now)).filter((f) => f.severity !== 'info'), template.id).toEqual([]);
  });
});
