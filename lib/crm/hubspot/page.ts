// HubSpot deal record page: https://app[-<region>].hubspot.com/contacts/<portal>/record/0-3/<id>
// (and the legacy /contacts/<portal>/deal/<id>). Reads the highlight card first, then the
// "About this deal" properties card; class names are random styled-components names, never used.

import type { DealRef, DealSnapshot } from '../../model/deal';
import type { FieldWarning } from '../types';
import { clean, field, first, langOfDoc, map, scopeOf, snapshot, textAt, textOf, type Found, type Scope } from '../dom';
import { closedStatusOf, isLabel, type LabelField } from '../labels';
import { orderFromPattern, parseDate, parseMoney, wholeDaysSince } from '../parse';

/**
 * Properties whose value says a deal is closed whatever its stage is called (a custom closed-won stage
 * may be "Contrat signé"): a won or lost reason filled in, or a deal probability of 100 %.
 */
const CLOSED_BY_MEANING = ['closed_won_reason', 'closed_lost_reason', 'hs_deal_stage_probability'];

/** "Date entered current stage", when the properties card shows it: when the deal's current stay began. */
const STAGE_ENTERED = 'hs_v2_date_entered_current_stage';

/** Selectors, locale-independent test hooks first; label-based rows (labels.ts) are the fallback. */
export const SELECTORS = {
  /** The highlight card: present once the record has rendered. */
  ready: '[data-selenium-test="highlightTitle"], [data-test-id="record-highlight-content"]',
  /** Highlight card (left sidebar, top): name, amount, close date, stage and pipeline controls. */
  title: '[data-test-id="highlight-property-display-dealname"]',
  titleHeading: '[data-selenium-test="highlightTitle"]',
  amount: '[data-test-id="highlight-property-display-amount"]',
  /** The close date is an editable date input; its placeholder tells the day/month order. */
  closeDateInput: '[data-test-id="highlight-property-item-closedate"] input, input[data-test-id="property-input-closedate"]',
  /** Stage dropdown button; while open, `aria-controls` names the listbox of the pipeline's stages. */
  stageButton: '[data-selenium-test="deal-stage-select"]',
  pipelineButton: '[data-selenium-test="pipeline-select"]',
  buttonLabel: '.private-dropdown__button-label',
  stageOption: '[role="option"]',
  optionLabel: '.private-dropdown__item__label',
  optionValue: '[data-option-value]',
  /** Highlight items carry a caption ("Amount:") and the value next to it. */
  highlightItem: '[data-test-id^="highlight-property-item-"]',
  /** "About this deal" card: one row per property, keyed by the property's internal name. */
  propertyList: '[data-selenium-test="profile-properties-list"]',
  /** The value of a row, by internal property name (`property-input-<name>`); the owner row has bare text. */
  propertyInput: { of: (name: string) => `[data-selenium-test="property-input-${name}"]`, names: ['amount', 'dealstage', 'pipeline', 'closedate'] },
  propertyRow: { of: (name: string) => `[data-test-id="${name}"]`, names: ['dealname', 'amount', 'dealstage', 'pipeline', 'hubspot_owner_id', 'closedate', STAGE_ENTERED, ...CLOSED_BY_MEANING] },
  label: 'label',
  /** The portal the page belongs to. */
  portal: '[data-portal-id]',
} as const;

/** A properties-card row's value: its `property-input-*` element, else the element its label points at. */
function rowValue(s: Scope, row: Element, name: string | null): Found<string> {
  const input = name ? s.q(SELECTORS.propertyInput.of(name), row) : null;
  if (input) return textOf(input);
  const label = s.q(SELECTORS.label, row);
  const target = label?.getAttribute('for');
  const el = target ? s.qa('[id]', row).find((e) => e.id === target) : undefined;
  return el ? textOf(el) : undefined;
}

/** A property by internal name (hook), else by label text in any supported language. */
function property(s: Scope, name: string, labels: LabelField): Found<string> {
  const list = s.q(SELECTORS.propertyList);
  if (!list) return undefined;
  const row = s.q(SELECTORS.propertyRow.of(name), list);
  if (row) return rowValue(s, row, name);
  for (const r of Array.from(list.children)) {
    if (isLabel(labels, textOf(s.q(SELECTORS.label, r)))) return rowValue(s, r, null);
  }
  return undefined;
}

/** A highlight-card item found by its caption text ("Amount:", "Betrag:" …): the text (or input value) after it. */
function highlight(s: Scope, labels: LabelField): Found<string> {
  for (const item of s.qa(SELECTORS.highlightItem)) {
    const caption = item.firstElementChild;
    if (!caption || !isLabel(labels, textOf(caption))) continue;
    const next = caption.nextElementSibling;
    const input = next?.matches('input') ? next : next?.querySelector('input');
    return input ? clean(input.getAttribute('value')) : textOf(next);
  }
  return undefined;
}

/** A property's value by internal name only; "--" and the like (HubSpot's empty value) are null. */
function propertyValue(s: Scope, name: string): string | null {
  const list = s.q(SELECTORS.propertyList);
  const row = list && s.q(SELECTORS.propertyRow.of(name), list);
  const value = row ? rowValue(s, row, name) : null;
  return value && !/^[-–—]+$/.test(value) ? value : null;
}

function closedByMeaning(s: Scope): 'won' | 'lost' | null {
  if (propertyValue(s, 'closed_won_reason')) return 'won';
  if (propertyValue(s, 'closed_lost_reason')) return 'lost';
  const probability = propertyValue(s, 'hs_deal_stage_probability');
  return probability && /^100(?:[.,]0+)?\s*%$/.test(probability.replace(/\s+/g, ' ')) ? 'won' : null;
}

const inputValue = (el: Element) => clean((el as HTMLInputElement).value ?? el.getAttribute('value'));

export function readPage(doc: Document, ref: DealRef, warn: FieldWarning | undefined): DealSnapshot | null {
  const portal = doc.querySelector(SELECTORS.portal)?.getAttribute('data-portal-id');
  if (portal && portal !== ref.account) return null; // still showing another portal's page
  const s = scopeOf(doc);
  const lang = langOfDoc(doc);
  const f = <T>(name: Parameters<typeof field>[1], read: () => Found<T>) => field('hubspot', name, warn, read);
  const stageButton = s.q(SELECTORS.stageButton);

  const money = f('value', () =>
    map(first(() => textAt(s, SELECTORS.amount), () => property(s, 'amount', 'value'), () => highlight(s, 'value')), (t) => parseMoney(t, lang)),
  );
  const stage = f('stage', () =>
    first(
      () => (stageButton ? textAt(s, SELECTORS.buttonLabel, stageButton) : undefined),
      () => property(s, 'dealstage', 'stage'),
      () => highlight(s, 'stage'),
    ),
  );
  // The listbox exists only while the stage dropdown is open.
  const listId = stageButton?.getAttribute('aria-controls');
  const listbox = listId ? doc.getElementById(listId) : null;
  const options = listbox ? s.qa(SELECTORS.stageOption, listbox) : [];

  return snapshot(ref, ref.dealId, {
    title: f('title', () =>
      first(
        () => textAt(s, SELECTORS.title),
        () => textAt(s, SELECTORS.titleHeading),
        () => property(s, 'dealname', 'title'),
      ),
    ),
    pipeline: f('pipeline', () =>
      first(
        () => (s.q(SELECTORS.pipelineButton) ? textAt(s, SELECTORS.buttonLabel, s.q(SELECTORS.pipelineButton)) : undefined),
        () => property(s, 'pipeline', 'pipeline'),
        () => highlight(s, 'pipeline'),
      ),
    ),
    stage,
    stages: f('stages', () => options.map((o) => textAt(s, SELECTORS.optionLabel, o) ?? textOf(o)).filter((x): x is string => !!x)) ?? [],
    value: money?.value ?? null,
    currency: f('currency', () => (money ? money.currency : null)),
    owner: f('owner', () => property(s, 'hubspot_owner_id', 'owner')),
    closeDate: f('closeDate', () => {
      const input = s.q(SELECTORS.closeDateInput);
      if (input) {
        const date = parseDate(inputValue(input), lang, orderFromPattern(input.getAttribute('placeholder')));
        if (date) return date;
      }
      return map(first(() => property(s, 'closedate', 'closeDate'), () => highlight(s, 'closeDate')), (t) => parseDate(t, lang));
    }),
    status: f('status', () => {
      const selected = options.find((o) => o.getAttribute('aria-selected') === 'true');
      const key = selected && s.q(SELECTORS.optionValue, selected)?.getAttribute('data-option-value');
      if (key === 'closedwon') return 'won';
      if (key === 'closedlost') return 'lost';
      return closedByMeaning(s) ?? (stage ? (closedStatusOf(stage) ?? 'open') : undefined);
    }),
  });
}

/** Whole days since "Date entered current stage" ; null when the card does not show it. */
export function stageDays(doc: Document, ref: DealRef, now: Date): number | null {
  const portal = doc.querySelector(SELECTORS.portal)?.getAttribute('data-portal-id');
  if (portal && portal !== ref.account) return null;
  const s = scopeOf(doc);
  const text = propertyValue(s, STAGE_ENTERED);
  const date = text ? parseDate(text, langOfDoc(doc)) : null;
  return date ? wholeDaysSince(date, now) : null;
}
