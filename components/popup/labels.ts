// Names of activity types and outcomes live in lib (the background names CRM activities the same way).
export { describeActivity, outcomeChoice, outcomeLabel, typeLabel } from '@/lib/activities/describe';

/** The index of the next option whose label starts with `letter`, after `from` (wrapping), or -1. */
export function typeahead(labels: readonly string[], letter: string, from: number): number {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const wanted = fold(letter);
  for (let step = 1; step <= labels.length; step++) {
    const index = (from + step + labels.length) % labels.length;
    if (fold(labels[index] ?? '').startsWith(wanted)) return index;
  }
  return -1;
}
