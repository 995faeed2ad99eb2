import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useI18n } from '../i18n';

/** The synced pipelines (or their open stages) as options; a stored id the sync does not know stays listed. */
export function PipelineOptions({ pipelines, current }: { pipelines: readonly SyncedPipeline[]; current: string | null }) {
  const { t } = useI18n();
  const known = pipelines.some((p) => p.id === current);
  return (
    <>
      {pipelines.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
      {current && !known ? <option value={current}>{t('automation.unknownId', { id: current })}</option> : null}
    </>
  );
}

export function StageOptions({ pipelines, pipeline, current }: { pipelines: readonly SyncedPipeline[]; pipeline: string | null; current: string | null }) {
  const { t } = useI18n();
  const shown = pipeline === null ? pipelines : pipelines.filter((p) => p.id === pipeline);
  const stages = shown.flatMap((p) => p.stages.filter((s) => s.closes === null).map((s) => ({ id: s.id, label: shown.length > 1 ? `${s.name} (${p.name})` : s.name })));
  const known = stages.some((s) => s.id === current);
  return (
    <>
      {stages.map((s) => (
        <option key={s.id} value={s.id}>
          {s.label}
        </option>
      ))}
      {current && !known ? <option value={current}>{t('automation.unknownId', { id: current })}</option> : null}
    </>
  );
}
