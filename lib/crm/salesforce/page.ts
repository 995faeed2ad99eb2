// Salesforce Lightning Experience Opportunity record page:
// https://<org>[--<sandbox>.sandbox|-dev-ed.develop].lightning.force.com/lightning/r/[Opportunity/]<006…>/view
// Lightning keeps earlier pages in hidden containers and may render parts in open shadow roots, so
// everything is read from the active container, through open shadow roots.

import type { DealRef, DealSnapshot } from '../../model/deal';
import type { FieldWarning } from '../types';
import { clean, field, first, isHidden, langOfDoc, map, scopeOf, snapshot, textAt, textOf, type Found, type Scope } from '../dom';
import { closedStatusOf, isLabel, type LabelField } from '../labels';
import { parseDate, parseMoney, wholeDaysSince } from '../parse';
import { salesforceId18 } from './ids';

/** Selectors, locale-independent hooks first (field API names, the Path component); labels are the fallback. */
export const SELECTORS = {
  /** Any of these shows the record has rendered (looked for through open shadow roots). */
  ready: 'records-highlights2, .slds-path__nav, [data-target-selection-name^="sfdc:RecordField.Opportunity."], one-record-home-flexipage2',
  /** Page containers: one per visited page, only the current one has `.active`. */
  view: '.oneContent, .windowViewMode-normal, .windowViewMode-maximized',
  /** Console workspace tabs that are not in front (each still has an "active" container of its own). */
  inactiveWorkspace: '.oneConsoleTab:not(.active), section.tabContent:not(.active), [role="tabpanel"][aria-expanded="false"]',
  /** A detail-layout field by API name; its value element sits in the output slot. */
  field: { of: (api: string) => `[data-target-selection-name="sfdc:RecordField.Opportunity.${api}"]`, names: ['Name', 'StageName', 'Amount', 'OwnerId', 'CloseDate', 'LastStageChangeDate'] },
  fieldValue: '[data-output-element-id="output-field"]',
  fieldValueBox: '.test-id__field-value',
  /** Lookups (owner, account) render the name as a link. */
  link: 'a',
  /** Detail layout items, labelled by attribute and by visible label (fallback). */
  layoutItem: 'records-record-layout-item',
  layoutLabel: '.test-id__field-label',
  /** Highlights panel: the record name and the compact-layout fields. */
  title: 'records-highlights2 [slot="primaryField"], [slot="primaryField"]',
  highlightItem: 'records-highlights-details-item',
  highlightLabel: '.slds-text-title',
  highlightValue: '.fieldComponent',
  /** Path component: one step per stage; the current one is `.slds-is-current`, closed ones `.slds-is-won`/`.slds-is-lost`. */
  pathItem: '.slds-path__nav .slds-path__item',
  pathCurrent: '.slds-path__nav .slds-path__item.slds-is-current',
  pathLink: '.slds-path__link',
  pathTitle: '.slds-path__title',
  pathWon: '.slds-path__nav .slds-is-won',
  pathLost: '.slds-path__nav .slds-is-lost',
  /** Related-list links of the record itself (/lightning/r/<id>/related/<list>/view) tell which record a view shows. */
  selfLink: 'a[href*="/related/"]',
} as const;

const ID = '006[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?';
const SELF = new RegExp(`/lightning/r/(?:Opportunity/)?(${ID})/related/`);

/** A field's displayed value by API name; lookups give the linked name. */
function fieldValue(s: Scope, api: string): Found<string> {
  const item = s.q(SELECTORS.field.of(api));
  return item ? valueIn(s, item) : undefined;
}

function valueIn(s: Scope, item: Element): Found<string> {
  const value = s.q(SELECTORS.fieldValue, item) ?? s.q(SELECTORS.fieldValueBox, item);
  if (!value) return undefined;
  const link = s.q(SELECTORS.link, value);
  return (link && textOf(link)) || textOf(value);
}

/** Label-based fallback: the detail layout, then the highlights panel. */
function labelled(s: Scope, name: LabelField): Found<string> {
  for (const item of s.qa(SELECTORS.layoutItem)) {
    if (isLabel(name, item.getAttribute('field-label')) || isLabel(name, textAt(s, SELECTORS.layoutLabel, item))) return valueIn(s, item);
  }
  for (const item of s.qa(SELECTORS.highlightItem)) {
    const label = s.q(SELECTORS.highlightLabel, item);
    if (!label || !(isLabel(name, label.getAttribute('title')) || isLabel(name, textOf(label)))) continue;
    const value = s.q(SELECTORS.highlightValue, item);
    const link = value && s.q(SELECTORS.link, value);
    return value ? (link && textOf(link)) || textOf(value) : undefined;
  }
  return undefined;
}

const stepName = (s: Scope, step: Element) =>
  clean(s.q(SELECTORS.pathLink, step)?.getAttribute('title')) ?? textAt(s, SELECTORS.pathTitle, step) ?? null;

/** The records a view shows, by its own related-list links (18-character ids). */
const selfIds = (s: Scope) =>
  s.qa(SELECTORS.selfLink).map((a) => salesforceId18(SELF.exec(a.getAttribute('href') ?? '')?.[1] ?? '')).filter((x): x is string => !!x);

/**
 * The page containers that may be on screen (the page itself when Lightning's containers are not found).
 * A console keeps one "active" container per workspace tab, and the workspace tabs not in front are
 * hidden by their section; a standard page keeps earlier pages in containers without `.active`.
 */
function activeViews(doc: Document): ParentNode[] {
  const views = Array.from(doc.querySelectorAll(SELECTORS.view));
  if (!views.length) return [doc];
  const visible = views.filter(
    (v) => !isHidden(v) && !v.closest(SELECTORS.inactiveWorkspace) && !v.parentElement?.closest(`${SELECTORS.view}:not(.active)`),
  );
  const active = visible.filter((v) => v.classList.contains('active'));
  // No container marked active: only a lone visible one is trusted (its self links are still checked).
  return active.length ? active : visible.length === 1 ? visible : [];
}

/** The container showing our record: only its own related-list links say so; without any, the last one. */
function recordScope(doc: Document, ref: DealRef): Scope | null {
  const scopes = activeViews(doc).map((root) => {
    const scope = scopeOf(root, true);
    return { scope, ids: selfIds(scope) };
  });
  return (scopes.find((v) => v.ids.includes(ref.dealId)) ?? scopes.filter((v) => !v.ids.length).pop())?.scope ?? null;
}

/** Whole days since the Last Stage Change Date the layout shows ; null without it. */
export function stageDays(doc: Document, ref: DealRef, now: Date): number | null {
  const s = recordScope(doc, ref);
  const text = s ? fieldValue(s, 'LastStageChangeDate') : null;
  const date = text ? parseDate(text, langOfDoc(doc)) : null;
  return date ? wholeDaysSince(date, now) : null;
}

export function readPage(doc: Document, ref: DealRef, warn: FieldWarning | undefined): DealSnapshot | null {
  const s = recordScope(doc, ref);
  if (!s) return null;
  const lang = langOfDoc(doc);
  const f = <T>(name: Parameters<typeof field>[1], read: () => Found<T>) => field('salesforce', name, warn, read);

  const money = f('value', () => map(first(() => fieldValue(s, 'Amount'), () => labelled(s, 'value')), (t) => parseMoney(t, lang)));
  const stage = f('stage', () =>
    first(
      () => fieldValue(s, 'StageName'),
      () => {
        const step = s.q(SELECTORS.pathCurrent);
        return step ? stepName(s, step) : undefined;
      },
      () => labelled(s, 'stage'),
    ),
  );
  return snapshot(ref, ref.dealId, {
    title: f('title', () =>
      first(
        () => textAt(s, SELECTORS.title),
        () => fieldValue(s, 'Name'),
        () => labelled(s, 'title'),
      ),
    ),
    // Opportunities have no pipeline; a custom field labelled "Pipeline" is shown when the layout has one.
    pipeline: f('pipeline', () => labelled(s, 'pipeline') ?? null),
    stage,
    stages: f('stages', () => s.qa(SELECTORS.pathItem).map((step) => stepName(s, step)).filter((x): x is string => !!x)) ?? [],
    value: money?.value ?? null,
    currency: f('currency', () => (money ? money.currency : null)),
    owner: f('owner', () => first(() => fieldValue(s, 'OwnerId'), () => labelled(s, 'owner'))),
    closeDate: f('closeDate', () => map(first(() => fieldValue(s, 'CloseDate'), () => labelled(s, 'closeDate')), (t) => parseDate(t, lang))),
    status: f('status', () => {
      if (s.q(SELECTORS.pathWon)) return 'won';
      if (s.q(SELECTORS.pathLost)) return 'lost';
      return stage ? (closedStatusOf(stage) ?? 'open') : undefined;
    }),
  });
}
