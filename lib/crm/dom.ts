// Small DOM helpers shared by the adapters. Pure: they only touch the nodes they are given (no
// `document`, `window` or constructors from globals, so they work on any Document, e.g. happy-dom's).

import type { CrmId, DealRef, DealSnapshot, DealStatus } from '../model/deal';
import type { FieldWarning } from './types';
import { fitSnapshot } from './fit';

/** Collapses whitespace (NBSP and narrow spaces too) and trims; null for an empty string. */
export const clean = (s: string | null | undefined): string | null => {
  const t = (s ?? '').replace(/[\s\u00a0\u202f\u200b]+/g, ' ').trim();
  return t ? t : null;
};

const ELEMENT = 1, TEXT = 3, FRAGMENT = 11;
/** Never part of a displayed value: code, styles, screen-reader-only text. */
const SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/;
/** Elements that start a new line on screen: their text is kept apart from the neighbours'. */
const BLOCK = /^(BR|DIV|P|LI|UL|OL|TD|TH|TR|H[1-6]|SECTION|ARTICLE|HEADER|FOOTER|LABEL|OPTION|DT|DD)$/;
const isAssistive = (el: Element) => {
  const c = el.getAttribute('class') ?? '';
  return /\b(slds-assistive-text|assistiveText|sr-only|visually-hidden)\b/.test(c);
};

/**
 * The text a user sees in `node`, following open shadow roots (a host's shadow tree replaces its
 * children; a <slot> there shows the host's light children). Skips scripts and screen-reader-only text.
 */
export function textOf(node: Node | null | undefined): string | null {
  if (!node) return null;
  const out: string[] = [];
  const walk = (n: Node, host: Element | null) => {
    if (n.nodeType === TEXT) {
      out.push(n.nodeValue ?? '');
      return;
    }
    if (n.nodeType === ELEMENT) {
      const el = n as Element;
      const tag = el.tagName.toUpperCase();
      if (SKIP.test(tag) || isAssistive(el)) return;
      if (BLOCK.test(tag)) out.push(' ');
      if (tag === 'SLOT' && host) {
        // A slot shows the host's children assigned to it, else its own (fallback) content.
        const name = el.getAttribute('name') ?? '';
        const assigned = Array.from(host.childNodes).filter((c) => (c.nodeType === ELEMENT ? ((c as Element).getAttribute('slot') ?? '') : c.nodeType === TEXT && !name && c.nodeValue?.trim() ? '' : null) === name);
        if (assigned.length) {
          for (const c of assigned) walk(c, null);
          return;
        }
      }
      const shadow = (el as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
      if (shadow) {
        for (const c of Array.from(shadow.childNodes)) walk(c, el);
        return;
      }
    } else if (n.nodeType !== FRAGMENT && n.nodeType !== 9) return;
    for (const c of Array.from(n.childNodes)) walk(c, host);
    if (n.nodeType === ELEMENT && BLOCK.test((n as Element).tagName.toUpperCase())) out.push(' ');
  };
  walk(node, null);
  return clean(out.join(''));
}

/**
 * Queries a view, optionally through open shadow roots: `q`/`qa` search the light DOM of `root` and, when
 * `deep`, every open shadow root under it (nested ones too). Matches come in document order per tree.
 */
export interface Scope {
  root: ParentNode;
  q(selector: string, within?: ParentNode | null): Element | null;
  qa(selector: string, within?: ParentNode | null): Element[];
}

export function scopeOf(root: ParentNode, deep = false): Scope {
  let trees: ParentNode[] | null = null;
  const treesOf = (start: ParentNode): ParentNode[] => {
    if (!deep) return [start];
    const list: ParentNode[] = [start];
    for (let i = 0; i < list.length; i++) {
      for (const el of Array.from(list[i]!.querySelectorAll('*'))) {
        const shadow = (el as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
        if (shadow) list.push(shadow);
      }
    }
    return list;
  };
  const qa = (selector: string, within?: ParentNode | null): Element[] => {
    const roots = within ? treesOf(within) : (trees ??= treesOf(root));
    const found: Element[] = [];
    for (const r of roots) found.push(...Array.from(r.querySelectorAll(selector)));
    return found;
  };
  return { root, qa, q: (selector, within) => qa(selector, within)[0] ?? null };
}

/** True when the element or an ancestor (up to `stop`) is hidden by attribute or inline style. */
export function isHidden(el: Element | null, stop?: Element | null): boolean {
  for (let e = el; e && e !== stop; e = e.parentElement) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true') return true;
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(e.getAttribute('style') ?? '')) return true;
  }
  return false;
}

/** The page language: <html lang>, else the first [lang] on the body. */
export const langOfDoc = (doc: Document) =>
  doc.documentElement?.getAttribute('lang') || doc.body?.querySelector('[lang]')?.getAttribute('lang') || '';

/**
 * A field reader's result: the value, `null` when the page shows the field empty (no warning), or
 * `undefined` when the field is nowhere to be found (warned: a selector may be broken).
 */
export type Found<T> = T | null | undefined;

/** Runs one field reader so a broken DOM can never throw out of `read`: failures become null plus a warning. */
export function field<T>(crm: CrmId, name: keyof DealSnapshot, warn: FieldWarning | undefined, read: () => Found<T>): T | null {
  try {
    const v = read();
    if (v === undefined) warn?.(crm, name, 'not found on the page');
    return v ?? null;
  } catch (error) {
    warn?.(crm, name, `reader failed: ${String(error).slice(0, 200)}`);
    return null;
  }
}

/** Runs a whole `read`: anything that escapes the per-field guards (e.g. a document that throws) becomes null + a warning. */
export function guarded(crm: CrmId, warn: FieldWarning | undefined, read: () => DealSnapshot | null): DealSnapshot | null {
  try {
    return read();
  } catch (error) {
    warn?.(crm, 'dealId', `page could not be read: ${String(error).slice(0, 200)}`);
    return null;
  }
}

/** Builds the snapshot with keys in the `extract` contract order, every field within the stored limits (fit.ts). */
export function snapshot(
  ref: DealRef,
  dealId: string,
  f: { title: string | null; pipeline: string | null; stage: string | null; stages: string[]; value: number | null; currency: string | null; owner: string | null; closeDate: string | null; status: DealStatus | null },
): DealSnapshot {
  return fitSnapshot({
    crm: ref.crm,
    dealId,
    title: f.title,
    pipeline: f.pipeline,
    stage: f.stage,
    stages: f.stages,
    value: f.value,
    currency: f.currency,
    owner: f.owner,
    closeDate: f.closeDate,
    status: f.status,
  });
}

/** First non-empty result of the readers, in order: the locale-independent anchors come first. */
export function first<T>(...readers: Array<() => Found<T>>): Found<T> {
  let sawEmpty = false;
  for (const r of readers) {
    let v: Found<T>;
    try {
      v = r();
    } catch {
      continue; // a broken anchor must not hide a working fallback
    }
    if (v !== undefined && v !== null) return v;
    if (v === null) sawEmpty = true;
  }
  return sawEmpty ? null : undefined;
}

/** Text of the first element matching `selector`: undefined when there is none, null when it is empty. */
export function textAt(s: Scope, selector: string, within?: ParentNode | null): Found<string> {
  const el = s.q(selector, within);
  return el ? textOf(el) : undefined;
}

/** Attribute of the first element matching `selector`, cleaned: undefined when there is no element. */
export function attrAt(s: Scope, selector: string, attr: string, within?: ParentNode | null): Found<string> {
  const el = s.q(selector, within);
  return el ? clean(el.getAttribute(attr)) : undefined;
}

/** Maps a found text through `fn`, keeping "absent" (undefined) and "empty" (null) apart. */
export function map<T>(v: Found<string>, fn: (s: string) => T | null): Found<T> {
  return v === undefined ? undefined : v === null ? null : fn(v);
}
