import { isLowConfidence, MIN_SAMPLE } from '@/lib/metrics/rules';
import { useI18n } from '../i18n';

export interface FigureProps {
  /** The formatted figure ("33 %"), or the "none" dash. */
  text: string;
  /** How many deals (or required tasks) it rests on; null = not a rate or average (no note). */
  sample: number | null;
  /** What the sample counts. */
  unit?: 'deals' | 'tasks';
  /** The figure has a value (a dash needs no sample note). */
  known?: boolean;
}

/**
 * A rate or average with what it rests on: "33 % · 12 deals". Below MIN_SAMPLE the figure is marked
 * low-confidence (muted, with a tooltip and screen-reader text saying why).
 */
export function Figure({ text, sample, unit = 'deals', known = true }: FigureProps) {
  const { t } = useI18n();
  if (sample === null || !known) return <span class="figure">{text}</span>;
  const prefix = unit === 'tasks' ? 'scorecard.sampleTasks' : 'scorecard.sample';
  const count = t(sample === 1 ? `${prefix}.one` : `${prefix}.other`, { count: sample });
  const low = isLowConfidence(sample);
  const warning = low ? t('scorecard.lowConfidence', { min: MIN_SAMPLE }) : undefined;
  return (
    <span class={low ? 'figure figure--low' : 'figure'} title={warning} data-sample={sample} data-low-confidence={low ? 'true' : undefined}>
      {text}
      <span class="figure__sample"> · {count}</span>
      {low ? <span class="visually-hidden"> ({warning})</span> : null}
    </span>
  );
}
