// Pipedrive deal detail page: https://<company>.pipedrive.com/deal/<id>
// See test/fixtures/crm and the shared reference fixtures for the markup this reads.

import type { DealRef, DealSnapshot } from '../../model/deal';
import type { FieldWarning } from '../types';
import { clean, field, first, isHidden, langOfDoc, map, scopeOf, snapshot, textAt, textOf, type Found, type Scope } from '../dom';
import { badgeStatusOf, isLabel, type LabelField } from '../labels';
import { parseDate, parseMoney, type Money } from '../parse';

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
  /**
   * The deal's summary block, found by structure not by language: the sidebar section labelled by
   * `sidebar-summary-<id>` (classic layout) or the summary in the header (newer layout). It holds the
   * deal value and the expected close date, whatever the UI calls them.
   */
  summary: '[aria-labelledby^="sidebar-summary-"], [data-testid="header-summary"]',
  /** Pipedrive's money component (its class name starts with the component's name): the deal value in the summary. */
  money: '[class^="MonetaryValue"], [class*=" MonetaryValue"]',
  /** Stage bar label of a segment: "5 days", and on the current stage "5 days · Proposal Made" (time in that stage). */
  stageLabel: '.cui5-stage-selector__stage-label',
  /** An archived deal shows a banner (and Unarchive instead of the Won/Lost buttons); Pipedrive keeps its status. */
  archivedBanner: '[data-testid="deal-archived-banner"]',
  /** Sidebar field rows: a name cell and a value cell (value in …/div/div; an empty field shows "-"). */
  row: '[data-testid="fields-list-row"]',
  rowName: '[data-testid="field-name"]',
  rowValue: '[data-testid="fields-list-row-field-components"]',
  /** A won or lost deal shows a "Won"/"Lost" badge (and a reopen button) instead of the Won/Lost buttons. */
  statusBadge: '[data-testid="deal-status-badge"]',
  openActions: '[data-testid="won-button"], [data-testid="lost-button"]',
} as const;

/** A row's displayed value; "-" (an empty field) is null. */
function rowText(s: Scope, r: Element): string | null {
  const cell = s.q(SELECTORS.rowValue, r);
  const text = textOf(cell?.firstElementChild ?? cell);
  return text && !/^[-–—]$/.test(text) ? text : null;
}

/** The value of the sidebar row whose name is one of `field`'s labels (the fallback for UI languages we know). */
function row(s: Scope, name: LabelField): Found<string> {
  for (const r of s.qa(SELECTORS.row)) if (isLabel(name, textOf(s.q(SELECTORS.rowName, r)))) return rowText(s, r);
  return undefined;
}

/**
 * A value recognised in the summary block whatever its label says, in any UI language: the one row
 * whose value `parse` reads. Two such rows: not sure which, so undefined (the label decides).
 */
function recognised<T>(s: Scope, parse: (text: string) => T | null): Found<T> {
  const summary = s.q(SELECTORS.summary);
  if (!summary) return undefined;
  const found = s.qa(SELECTORS.row, summary).map((r) => rowText(s, r)).map((t) => (t ? parse(t) : null)).filter((v): v is T => v !== null);
  return found.length === 1 ? found[0] : undefined;
}

/** The deal value: Pipedrive's money component in the summary, else the one amount with a currency there. */
function summaryMoney(s: Scope, lang: string): Found<Money> {
  const summary = s.q(SELECTORS.summary);
  const el = summary && s.q(SELECTORS.money, summary);
  if (el) {
    const text = textOf(el);
    return text && !/^[-–—]$/.test(text) ? parseMoney(text, lang) : null;
  }
  return recognised(s, (t) => {
    const money = parseMoney(t, lang);
    return money?.currency ? money : null;
  });
}

// "5 days", "5 Tage", "5 dagar", "5 päivää", "5 dni" … the time a deal has been in its stage.
const DAYS = /^(\d{1,5})\s*(days?|d|dagar|dag|dager|dage|dagen|tage?n?|giorni|giorno|jours?|d[ií]as?|päivää|päivä|pv|dni|dzień|dias?)(?!\p{L})/iu;

/** Whole days the deal has been in its current stage, as the stage bar says; null when it does not say. */
export function stageDays(doc: Document, ref: DealRef): number | null {
  const view = activeView(doc, ref.dealId);
  if (!view || (view.id !== null && view.id !== ref.dealId)) return null;
  const s = scopeOf(view.root);
  const current = s.q(SELECTORS.stageSelected) ?? s.q(SELECTORS.stageCurrent);
  const label = current && textAt(s, SELECTORS.stageLabel, current);
  const m = label ? DAYS.exec(label.normalize('NFC')) : null;
  return m ? Number(m[1]) : null;
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

  const money = f('value', () => first(() => summaryMoney(s, lang), () => map(row(s, 'value'), (t) => parseMoney(t, lang))));
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
    closeDate: f('closeDate', () => first(() => recognised(s, (t) => parseDate(t, lang)), () => map(row(s, 'closeDate'), (t) => parseDate(t, lang)))),
    status: f('status', () => {
      const badge = s.q(SELECTORS.statusBadge);
      const fromBadge = badge && badgeStatusOf(textOf(badge));
      if (fromBadge) return fromBadge;
      if (s.q(SELECTORS.stageLost)) return 'lost';
      // An archived deal keeps its status in Pipedrive: without a won/lost badge it is open.
      return s.q(SELECTORS.openActions) || s.q(SELECTORS.archivedBanner) ? 'open' : undefined;
    }),
  });
}
