// First match wins: a deal goes by the first rule whose every condition holds (an empty condition
// holds for every deal). Text compares without case or surrounding spaces.

import type { AssignmentRule, Conditions } from './rules';
import type { LiveDeal } from './types';

const norm = (text: string) => text.trim().toLocaleLowerCase('en');

export function conditionsHold(when: Conditions, deal: LiveDeal): boolean {
  if (when.pipeline !== null && deal.pipeline !== when.pipeline) return false;
  if (when.stage !== null && deal.stage !== when.stage) return false;
  // A deal without an amount is outside any value range.
  if ((when.minValue !== null || when.maxValue !== null) && deal.value === null) return false;
  if (when.minValue !== null && deal.value! < when.minValue) return false;
  if (when.maxValue !== null && deal.value! > when.maxValue) return false;
  for (const condition of when.fields) {
    const actual = deal.fields[condition.field];
    if (actual === null || actual === undefined) return false;
    // A multi-select field ("Product A;Product B") holds when one of its options is accepted.
    const options = actual.split(';').map(norm);
    if (!condition.values.some((v) => options.includes(norm(v)))) return false;
  }
  return true;
}

/** The first rule the deal meets among those `usable` allows (a rule whose rep is gone is passed over). */
export function firstMatch(rules: readonly AssignmentRule[], deal: LiveDeal, usable: (rule: AssignmentRule) => boolean = () => true): AssignmentRule | null {
  for (const rule of rules) if (usable(rule) && conditionsHold(rule.when, deal)) return rule;
  return null;
}
