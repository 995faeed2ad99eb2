// Pipedrive deal detail page: https://<company>.pipedrive.com/deal/<id>
// See test/fixtures/crm and the shared reference fixtures for the markup this reads.

import type { DealRef, DealSnapshot } from '../../model/deal';
import type { FieldWarning } from '../types';
import { clean, field, first, isHidden, langOfDoc, map, scopeOf, snapshot, textAt, textOf, type Found, type Scope } from '../dom';
import { badgeStatusOf, isLabel, type LabelField } from '../labels';
import { parseDate, parseMoney } from '../parse';

/** Selectors, locale-independent hooks first; label-based rows (labels.ts) are the fallback. */
export const SELECTORS = {
  /** The deal header: present once the record has rendered. */
  ready: '[data-testid="header-title"]',
  /** One container per opened record; Pipedrive keeps earlier records' containers, hidden. */
  view: '.viewContainer, [data-view^="deal-"]',
  /** Record id of a view: `data-view="deal-<id>"` on the container, `id="deal-details-<id>"` inside it. */
  viewDetails: '[id^="deal-details-"]',
  /** The title is the editable textarea's text; the aria-hidden label mirrors it. */
  title: '[data-testid="header-title"] textarea',
  titleLabel: '[data-testid="header-title"] [data-test="title-label"]',
  /** Stage bar segments (`role=option`), named by aria-label/title; the selected one is the current stage. */
  stages: '.cui5-stage-selector__stage',
  stageSelected: '.cui5-stage-selector__stage[aria-selected="true"]',
  stageCurrent: '.cui5-stage-selector__stage--current',
  stageLost: '.cui5-stage-selector__stage--lost',
  /** "pipeline › stage" line right under the stage bar: its first span is the pipeline. */
  pipelineLine: '.cui5-stage-selector + * > span',
  /** Breadcrumb "Deals › <pipeline>": the span after the /pipeline/<id> link. */
  pipelineCrumb: 'a[href*="/pipeline/"] ~ span',
  /** Owner block in the header: a link to the user's profile. */
  owner: 'a[href*="/users/details/"]',
  /** Sidebar field rows: a name cell and a value cell (value in …/div/div; an empty field shows "-"). */
  row: '[data-testid="fields-list-row"]',
  rowName: '[data-testid="field-name"]',
  rowValue: '[data-testid="fields-list-row-field-components"]',
  /** A won or lost deal shows a "Won"/"Lost" badge (and a reopen button) instead of the Won/Lost buttons. */
  statusBadge: '[data-testid="deal-status-badge"]',
  openActions: '[data-testid="won-button"], [data-testid="lost-button"]',
} as const;

/** The value of the sidebar row whose name is one of `field`'s labels; "-" (empty field) is null. */
function row(s: Scope, name: LabelField): Found<string> {
  for (const r of s.qa(SELECTORS.row)) {
    if (!isLabel(name, textOf(s.q(SELECTORS.rowName, r)))) continue;
    const cell = s.q(SELECTORS.rowValue, r);
    const text = textOf(cell?.firstElementChild ?? cell);
    return text && !/^[-–—]$/.test(text) ? text : null;
  }
  return undefined;
}

const stageName = (el: Element) =>
  clean(el.getAttribute('aria-label')) ?? clean(el.getAttribute('title')) ?? clean(textOf(el)?.split('·').pop());

const viewId = (v: Element) =>
  /^deal-(\d+)$/.exec(v.getAttribute('data-view') ?? '')?.[1] ?? v.querySelector(SELECTORS.viewDetails)?.id.replace('deal-details-', '') ?? null;

/**
 * The visible record view (the page itself when Pipedrive's containers are not found). Among several
 * visible views the one of `dealId` wins; with none of them, the last visible one (whose id then differs).
 */
function activeView(doc: Document, dealId: string): { root: ParentNode; id: string | null } | null {
  const views = Array.from(doc.querySelectorAll(SELECTORS.view)).filter((v) => !v.parentElement?.closest(SELECTORS.view));
  if (!views.length) {
    const details = doc.querySelector(SELECTORS.viewDetails);
    return { root: doc, id: details ? details.id.replace('deal-details-', '') : null };
  }
  const visible = views.filter((v) => !isHidden(v));
  const view = visible.filter((v) => viewId(v) === dealId).pop() ?? visible.pop();
  return view ? { root: view, id: viewId(view) } : null;
}

export function readPage(doc: Document, ref: DealRef, warn: FieldWarning | undefined): DealSnapshot | null {
  const view = activeView(doc, ref.dealId);
  if (!view || (view.id !== null && view.id !== ref.dealId)) return null;
  const s = scopeOf(view.root);
  const lang = langOfDoc(doc);
  const f = <T>(name: Parameters<typeof field>[1], read: () => Found<T>) => field('pipedrive', name, warn, read);

  const money = f('value', () => map(row(s, 'value'), (t) => parseMoney(t, lang)));
  return snapshot(ref, ref.dealId, {
    title: f('title', () =>
      first(
        () => {
          const el = s.q(SELECTORS.title) as HTMLTextAreaElement | null;
          return el ? clean(typeof el.value === 'string' ? el.value : el.textContent) : undefined;
        },
        () => textAt(s, SELECTORS.titleLabel),
      ),
    ),
    pipeline: f('pipeline', () =>
      first(
        () => textAt(s, SELECTORS.pipelineLine),
        () => row(s, 'pipeline'),
        () => textAt(s, SELECTORS.pipelineCrumb),
      ),
    ),
    stage: f('stage', () => {
      const el = s.q(SELECTORS.stageSelected) ?? s.q(SELECTORS.stageCurrent);
      return el ? stageName(el) : row(s, 'stage');
    }),
    stages: f('stages', () => s.qa(SELECTORS.stages).map(stageName).filter((x): x is string => !!x)) ?? [],
    value: money?.value ?? null,
    currency: f('currency', () => (money ? money.currency : null)),
    owner: f('owner', () => first(() => textAt(s, SELECTORS.owner), () => row(s, 'owner'))),
    closeDate: f('closeDate', () => map(row(s, 'closeDate'), (t) => parseDate(t, lang))),
    status: f('status', () => {
      const badge = s.q(SELECTORS.statusBadge);
      const fromBadge = badge && badgeStatusOf(textOf(badge));
      if (fromBadge) return fromBadge;
      if (s.q(SELECTORS.stageLost)) return 'lost';
      return s.q(SELECTORS.openActions) ? 'open' : undefined;
    }),
  });
}
