// The guidance mini-format, parsed into a tree the UI renders as elements: paragraphs, bullet
// (`- `, `* `, `• `) and numbered (`1. `, `1) `) lists, **bold**, [links](https://…). Nothing here
// is ever turned into HTML: raw HTML is plain text, and a link whose target is not an absolute
// http(s) URL (javascript:, data:, vbscript:, relative, malformed) stays plain text exactly as
// written. Links never nest (a link's label cannot contain another link), bold nests at most three
// levels, and the parser is linear (see `npm run bench` for 20 000 characters); parsed texts are
// memoised, because the side panel renders the same guidance again and again.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: Inline[] }
  /** `href` is always an absolute http: or https: URL (see safeHref). */
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  /** `start` is set on a numbered list that does not start at 1. */
  | { kind: 'list'; ordered: boolean; start?: number; items: Inline[][] };

/** A parsed guidance text: the blocks in order. */
export type GuidanceDoc = Block[];

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;
const MAX_DEPTH = 3;

/** A link target the UI may open: absolute http(s) only, normalised; null for anything else. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  // Absolute URLs only: without a scheme `new URL` would throw anyway, but be explicit.
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Where the next `**`, `](`, `)` and line break are from each position, and where a link target
 * starting at each position closes: computed once per text in linear time, so the parser never
 * scans ahead more than once (a text full of unclosed `[a](` stays linear).
 */
interface Lookahead {
  nextBold: Int32Array;
  nextLabelEnd: Int32Array;
  nextParen: Int32Array;
  nextBreak: Int32Array;
  /** For position k: the first index q > k where the count of `(` minus `)` before q drops below the count before k. */
  balanceDrop: Int32Array;
}

function lookahead(text: string): Lookahead {
  const n = text.length;
  const nextBold = new Int32Array(n + 1).fill(-1);
  const nextLabelEnd = new Int32Array(n + 1).fill(-1);
  const nextParen = new Int32Array(n + 1).fill(-1);
  const nextBreak = new Int32Array(n + 1).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    const c = text[i];
    nextBold[i] = c === '*' && text[i + 1] === '*' ? i : nextBold[i + 1]!;
    nextLabelEnd[i] = c === ']' && text[i + 1] === '(' ? i : nextLabelEnd[i + 1]!;
    nextParen[i] = c === ')' ? i : nextParen[i + 1]!;
    nextBreak[i] = c === '\n' ? i : nextBreak[i + 1]!;
  }
  // Prefix balance B[k] over text[0..k); balanceDrop[k] is the next index whose balance is lower
  // (a "next smaller element" pass with a stack).
  const balance = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) balance[i + 1] = balance[i]! + (text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0);
  const balanceDrop = new Int32Array(n + 1).fill(-1);
  const stack: number[] = [];
  for (let q = 0; q <= n; q++) {
    while (stack.length > 0 && balance[stack[stack.length - 1]!]! > balance[q]!) balanceDrop[stack.pop()!] = q;
    stack.push(q);
  }
  return { nextBold, nextLabelEnd, nextParen, nextBreak, balanceDrop };
}

/** The table's entry at `i` when it lies before `limit` (the end of the part being parsed), else -1. */
const within = (table: Int32Array, i: number, limit: number) => {
  const found = i < table.length ? table[i]! : -1;
  return found !== -1 && found < limit ? found : -1;
};

/**
 * Index of the `)` closing a link target that starts at `from`, allowing balanced parentheses
 * inside; -1 when a line break comes first. Unbalanced: the first `)` ends it, as most Markdown
 * readers do.
 */
function closingParen(look: Lookahead, from: number, limit: number): number {
  // The balance first drops just after the closing `)`.
  const drop = within(look.balanceDrop, from, limit + 1);
  const lineBreak = within(look.nextBreak, from, limit);
  if (drop !== -1 && (lineBreak === -1 || drop - 1 < lineBreak)) return drop - 1;
  if (lineBreak !== -1) return -1;
  return within(look.nextParen, from, limit);
}

export function parseInline(text: string, depth = 0): Inline[] {
  return parseRange(text, lookahead(text), 0, text.length, depth);
}

/** `text[start..end)` as inline nodes; bold and link contents are parsed as sub-ranges with the same tables. */
function parseRange(text: string, look: Lookahead, start: number, end: number, depth: number): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  let plainFrom = start;
  const flushTo = (i: number) => {
    if (i > plainFrom) buffer += text.slice(plainFrom, i);
    if (buffer) out.push({ kind: 'text', text: buffer });
    buffer = '';
  };
  let i = start;
  while (i < end) {
    if (depth < MAX_DEPTH && text[i] === '*' && i + 1 < end && text[i + 1] === '*') {
      const close = within(look.nextBold, i + 2, end - 1);
      if (close > i + 2) {
        flushTo(i);
        out.push({ kind: 'bold', children: parseRange(text, look, i + 2, close, depth + 1) });
        i = plainFrom = close + 2;
        continue;
      }
    }
    if (depth < MAX_DEPTH && text[i] === '[') {
      const close = within(look.nextLabelEnd, i + 1, end - 1);
      const target = close > i + 1 ? closingParen(look, close + 2, end) : -1;
      if (target > close + 2) {
        const href = safeHref(text.slice(close + 2, target));
        if (href) {
          flushTo(i);
          out.push({ kind: 'link', href, children: parseRange(text, look, i + 1, close, depth + 1).filter((n) => n.kind !== 'link') });
          plainFrom = target + 1;
        }
        // Not a link we may open: the whole thing stays text, exactly as written.
        i = target + 1;
        continue;
      }
    }
    i++;
  }
  flushTo(end);
  return out;
}

/** The last parsed texts, most recently used last: a render parses a text it has seen once. */
const parsed = new Map<string, GuidanceDoc>();
const PARSED_KEPT = 64;

/** The guidance text as blocks. Memoised: the same text gives the same (unchanging) tree. */
export function parseGuidance(source: string): GuidanceDoc {
  const known = parsed.get(source);
  if (known) {
    parsed.delete(source);
    parsed.set(source, known);
    return known;
  }
  const doc = parseBlocks(source);
  parsed.set(source, doc);
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  return doc;
}

function parseBlocks(source: string): GuidanceDoc {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: Inline[][] } | null = null;
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const endList = () => {
    if (list) blocks.push(list.ordered && list.start !== 1 ? { kind: 'list', ordered: true, start: list.start, items: list.items } : { kind: 'list', ordered: list.ordered, items: list.items });
    list = null;
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push(parseInline(bullet ? bullet[1]! : numbered![2]!));
    } else if (line.trim() === '') {
      endParagraph();
      endList();
    } else {
      endList();
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  endList();
  return blocks;
}

/** The text of a parsed guidance without its formatting (previews, search, tests). */
export function plainText(doc: GuidanceDoc): string {
  const inline = (nodes: Inline[]): string => nodes.map((n) => (n.kind === 'text' ? n.text : inline(n.children))).join('');
  return doc.map((block) => (block.kind === 'paragraph' ? inline(block.children) : block.items.map(inline).join('\n'))).join('\n\n');
}
