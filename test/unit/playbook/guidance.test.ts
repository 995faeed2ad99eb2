import { describe, expect, it } from 'vitest';
import { parseGuidance, parseInline, plainText, safeHref, type Block, type Inline } from '@/lib/playbook/guidance';

const text = (t: string): Inline => ({ kind: 'text', text: t });
const para = (...children: Inline[]): Block => ({ kind: 'paragraph', children });

/** Every link anywhere in the tree. */
function links(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (nodes: Inline[]) => nodes.forEach((n) => (n.kind === 'text' ? undefined : (n.kind === 'link' && out.push(n.href), walk(n.children))));
  for (const b of blocks) (b.kind === 'paragraph' ? [b.children] : b.items).forEach(walk);
  return out;
}

/** Deepest nesting of inline nodes. */
function depth(nodes: Inline[]): number {
  return Math.max(0, ...nodes.map((n) => (n.kind === 'text' ? 0 : 1 + depth(n.children))));
}

describe('guidance format', () => {
  it('paragraphs, lists, bold and links', () => {
    expect(parseGuidance('Hello **team**.\n\n- one\n- [docs](https://example.com/x)\n1. first')).toEqual([
      para(text('Hello '), { kind: 'bold', children: [text('team')] }, text('.')),
      { kind: 'list', ordered: false, items: [[text('one')], [{ kind: 'link', href: 'https://example.com/x', children: [text('docs')] }]] },
      { kind: 'list', ordered: true, items: [[text('first')]] },
    ]);
  });

  it('consecutive lines are one paragraph; a blank line starts the next', () => {
    expect(parseGuidance('one\ntwo\r\n\r\nthree')).toEqual([para(text('one two')), para(text('three'))]);
  });

  it('bullets with -, * and •; numbered lists keep a start other than 1', () => {
    expect(parseGuidance('* a\n• b\n- c')).toEqual([{ kind: 'list', ordered: false, items: [[text('a')], [text('b')], [text('c')]] }]);
    expect(parseGuidance('3. c\n4) d')).toEqual([{ kind: 'list', ordered: true, start: 3, items: [[text('c')], [text('d')]] }]);
  });

  it('switching list kind starts a new list; a paragraph line ends a list', () => {
    expect(parseGuidance('- a\n1. b\nafter').map((b) => b.kind)).toEqual(['list', 'list', 'paragraph']);
  });

  it('markers that are not lists stay text', () => {
    expect(parseGuidance('-no space\n2026. was a year\n**bold** start')).toEqual([
      para(text('-no space 2026. was a year '), { kind: 'bold', children: [text('bold')] }, text(' start')),
    ]);
  });

  it('bold inside links and links inside bold', () => {
    expect(parseInline('**see [the **deck**](https://example.com)**')).toEqual([
      { kind: 'bold', children: [text('see [the ')] },
      text('deck'),
      { kind: 'bold', children: [text('](https://example.com)')] },
    ]);
    expect(parseInline('[the **deck**](https://example.com)')).toEqual([{ kind: 'link', href: 'https://example.com/', children: [text('the '), { kind: 'bold', children: [text('deck')] }] }]);
    expect(parseInline('**read [this](https://example.com)**')).toEqual([{ kind: 'bold', children: [text('read '), { kind: 'link', href: 'https://example.com/', children: [text('this')] }] }]);
  });

  it('link targets may hold balanced parentheses', () => {
    expect(links(parseGuidance('[wiki](https://en.wikipedia.org/wiki/Sales_(disambiguation)) after'))).toEqual(['https://en.wikipedia.org/wiki/Sales_(disambiguation)']);
  });

  it('plain text of a parsed guidance', () => {
    expect(plainText(parseGuidance('Ask **who signs**.\n\n- [deck](https://x.example)\n- two'))).toBe('Ask who signs.\n\ndeck\ntwo');
  });
});

describe('hostile guidance', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'chrome-extension://abc/options.html',
    '/relative',
    '../up',
    '//evil.example/x',
    '#anchor',
    'mailto:a@b.c',
    'https//missing-colon',
    '',
  ])('a [x](%s) link stays plain text, exactly as written', (href) => {
    expect(safeHref(href)).toBeNull();
    const source = `see [x](${href}) now`;
    const doc = parseGuidance(source);
    expect(links(doc)).toEqual([]);
    expect(plainText(doc)).toBe(source);
  });

  it('http and https links are kept, normalised', () => {
    expect(safeHref('HTTPS://Example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
  });

  it('raw HTML is text', () => {
    for (const html of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>', '<b>**bold**</b>']) {
      const doc = parseGuidance(html);
      expect(plainText(doc)).toBe(html.replace('**bold**', 'bold'));
      expect(links(doc)).toEqual([]);
    }
    expect(parseGuidance('<img src=x onerror=alert(1)>')).toEqual([para(text('<img src=x onerror=alert(1)>'))]);
  });

  it('a link label cannot smuggle a second link or an unsafe one', () => {
    const doc = parseGuidance('[[x](javascript:alert(1))](https://ok.example)');
    expect(links(doc).every((href) => href.startsWith('https://'))).toBe(true);
    expect(plainText(doc)).toContain('javascript:alert(1)');
  });

  it('unclosed and nested markers', () => {
    expect(parseGuidance('**open [half](https://x')).toEqual([para(text('**open [half](https://x'))]);
    expect(parseGuidance('[a](https://ok.example')).toEqual([para(text('[a](https://ok.example'))]);
    expect(parseGuidance('****')).toEqual([para(text('****'))]);
    expect(parseGuidance('**a **b** c**')).toEqual([para({ kind: 'bold', children: [text('a ')] }, text('b'), { kind: 'bold', children: [text(' c')] })]);
    const nested = `${'**['.repeat(50)}x${'](https://a.example)**'.repeat(50)}`;
    const doc = parseGuidance(nested);
    for (const block of doc) if (block.kind === 'paragraph') expect(depth(block.children)).toBeLessThanOrEqual(3);
  });

  it.each([
    ['words', 'word '.repeat(4000)],
    ['brackets', '['.repeat(20_000)],
    ['link openers', '[a]('.repeat(5000)],
    ['parentheses', `[a](${'('.repeat(19_996)}`],
    ['stars', '*'.repeat(20_000)],
    ['unclosed links', '[a](https://a.example/('.repeat(800)],
  ])('20 000 characters of %s stay exactly the text written', (_name, source) => {
    const input = source.slice(0, 20_000);
    expect(parseGuidance(input)).toEqual([para(text(input.trim()))]);
  });

  it('20 000 characters of bold openers become bold runs, every character kept', () => {
    const doc = parseGuidance('**a '.repeat(5000));
    const [block] = doc;
    expect(block?.kind === 'paragraph' && block.children.slice(0, 3)).toEqual([{ kind: 'bold', children: [text('a ')] }, text('a '), { kind: 'bold', children: [text('a ')] }]);
    expect(plainText(doc)).toBe('a '.repeat(5000).trim().replace(/ $/, ''));
  });

  it('600 list lines each keep their bold and link', () => {
    const doc = parseGuidance('- **x** [y](https://a.example)\n'.repeat(600));
    expect(doc).toHaveLength(1);
    const [list] = doc;
    expect(list?.kind === 'list' && list.items).toHaveLength(600);
    expect(list?.kind === 'list' && list.items[599]).toEqual([{ kind: 'bold', children: [text('x')] }, text(' '), { kind: 'link', href: 'https://a.example/', children: [text('y')] }]);
  });

  it('a hostile mix keeps every script-like part as text and opens no unsafe link', () => {
    const input = '<img src=x onerror=alert(1)>[x](javascript:alert(1))**'.repeat(350).slice(0, 20_000);
    const doc = parseGuidance(input);
    expect(links(doc)).toEqual([]);
    expect(plainText(doc)).toContain('<img src=x onerror=alert(1)>[x](javascript:alert(1))');
  });

  it('balanced parentheses inside a link target, and the first ) when they never balance', () => {
    expect(parseInline('[w](https://en.example/A_(b)) after')).toEqual([{ kind: 'link', href: 'https://en.example/A_(b)', children: [text('w')] }, text(' after')]);
    expect(parseInline('[w](https://a.example/(x) y')).toEqual([{ kind: 'link', href: 'https://a.example/(x', children: [text('w')] }, text(' y')]);
  });

  it('gives the same tree again for a text it has parsed (memoised), and a new one for another text', () => {
    const first = parseGuidance('**Bold** and [docs](https://docs.example)');
    expect(parseGuidance('**Bold** and [docs](https://docs.example)')).toBe(first);
    expect(parseGuidance('**Bold** and [docs](https://docs.example) ')).not.toBe(first);
  });
});
