import { useState } from 'preact/hooks';
import type { Pipeline } from '@/lib/model/playbook.schema';
import { useI18n } from '../i18n';

export interface StageMapperProps {
  crmStage: string;
  pipelines: readonly Pipeline[];
  onMap(pipelineId: string, stageId: string): void;
}

/** A CRM stage with no playbook stage: the rep maps it once, and it is remembered. */
export function StageMapper({ crmStage, pipelines, onMap }: StageMapperProps) {
  const { t } = useI18n();
  const [choice, setChoice] = useState('');
  return (
    <section class="card card--attention" data-testid="stage-mapper">
      <h2>{t('panel.unmapped.title', { stage: crmStage })}</h2>
      <p>{t('panel.unmapped.body')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const [pipelineId, stageId] = choice.split('/');
          if (pipelineId && stageId) onMap(pipelineId, stageId);
        }}
      >
        <label>
          <span class="visually-hidden">{t('panel.unmapped.choose')}</span>
          <select value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
            <option value="">{t('panel.unmapped.choose')}</option>
            {pipelines.map((pipeline) => (
              <optgroup key={pipeline.id} label={pipeline.name}>
                {pipeline.stages.map((stage) => (
                  <option key={stage.id} value={`${pipeline.id}/${stage.id}`}>{stage.name}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={!choice}>{t('panel.unmapped.save')}</button>
      </form>
    </section>
  );
}
