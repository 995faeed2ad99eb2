// The guidance mini-format, parsed into a tree the UI renders as elements: paragraphs, bullet
// (`- `, `* `, `• `) and numbered (`1. `, `1) `) lists, **bold**, [links](https://…). Nothing here
// is ever turned into HTML: raw HTML is plain text, and a link whose target is not an absolute
// http(s) URL (javascript:, data:, vbscript:, relative, malformed) stays plain text exactly as
// written. Links never nest (a link's label cannot contain another link), bold nests at most three
// levels, and the parser is linear enough for the 20 000 characters the schema allows.

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

/** Index of the `)` closing a link target that starts at `from`, allowing balanced parentheses inside. */
function closingParen(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') return -1;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  // Unbalanced: the first `)` ends it, as most Markdown readers do.
  return text.indexOf(')', from);
}

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ kind: 'text', text: buffer });
    buffer = '';
  };
  const push = (nodes: Inline[]) => {
    for (const node of nodes) {
      if (node.kind === 'text') buffer += node.text;
      else {
        flush();
        out.push(node);
      }
    }
  };
  let i = 0;
  while (i < text.length) {
    if (depth < MAX_DEPTH && text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'bold', children: parseInline(text.slice(i + 2, end), depth + 1) });
        i = end + 2;
        continue;
      }
    }
    if (depth < MAX_DEPTH && text[i] === '[') {
      const close = text.indexOf('](', i + 1);
      const end = close > i + 1 ? closingParen(text, close + 2) : -1;
      if (end > close + 2) {
        const href = safeHref(text.slice(close + 2, end));
        if (href) {
          flush();
          out.push({ kind: 'link', href, children: parseInline(text.slice(i + 1, close), depth + 1).filter((n) => n.kind !== 'link') });
        } else {
          // Not a link we may open: the whole thing stays text, exactly as written.
          push([{ kind: 'text', text: text.slice(i, end + 1) }]);
        }
        i = end + 1;
        continue;
      }
    }
    buffer += text[i];
    i++;
  }
  flush();
  return out;
}

export function parseGuidance(source: string): GuidanceDoc {
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
