import { useId } from 'preact/hooks';
import type { AssignmentRule, RepGroup } from '@/lib/automation/rules';
import type { Rep } from '@/lib/automation/types';
import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useI18n } from '../i18n';
import { FieldConditions } from './FieldConditions';
import { NumberInput } from './NumberInput';
import { PipelineOptions, StageOptions } from './StageSelect';
import { TargetPicker } from './TargetPicker';

export interface RuleCardProps {
  rule: AssignmentRule;
  position: number;
  count: number;
  pipelines: readonly SyncedPipeline[];
  reps: readonly Rep[] | null;
  groups: readonly RepGroup[];
  /** Salesforce has one pipeline of opportunities: no move. */
  movesPipelines: boolean;
  onChange(next: AssignmentRule): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  onInvalid(key: string, invalid: boolean): void;
}

/** One rule: its conditions on the deal, who gets the deal, and optionally the pipeline it belongs in. */
export function RuleCard({ rule, position, count, pipelines, reps, groups, movesPipelines, onChange, onMove, onRemove, onInvalid }: RuleCardProps) {
  const { t } = useI18n();
  const id = useId();
  const when = rule.when;
  const setWhen = (next: Partial<AssignmentRule['when']>) => onChange({ ...rule, when: { ...when, ...next } });
  const name = rule.name.trim() || t('automation.rule.untitled', { n: position + 1 });
  const firstStage = (pipeline: string) => pipelines.find((p) => p.id === pipeline)?.stages.find((s) => s.closes === null)?.id ?? '';

  return (
    <li class="card automation-rule" data-testid="assignment-rule" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('automation.rule.heading', { n: position + 1, name })}</h4>
      <div class="field">
        <label for={`${id}-name`}>{t('automation.rule.name')}</label>
        <input id={`${id}-name`} type="text" maxLength={120} value={rule.name} data-testid="rule-name" onInput={(e) => onChange({ ...rule, name: e.currentTarget.value })} />
      </div>
      <fieldset class="group">
        <legend>{t('automation.rule.when')}</legend>
        <div class="field-row">
          <div class="field">
            <label for={`${id}-pipeline`}>{t('automation.condition.pipeline')}</label>
            <select id={`${id}-pipeline`} value={when.pipeline ?? ''} data-testid="condition-pipeline" onChange={(e) => setWhen({ pipeline: e.currentTarget.value || null, stage: null })}>
              <option value="">{t('automation.any')}</option>
              <PipelineOptions pipelines={pipelines} current={when.pipeline} />
            </select>
          </div>
          <div class="field">
            <label for={`${id}-stage`}>{t('automation.condition.stage')}</label>
            <select id={`${id}-stage`} value={when.stage ?? ''} data-testid="condition-stage" onChange={(e) => setWhen({ stage: e.currentTarget.value || null })}>
              <option value="">{t('automation.any')}</option>
              <StageOptions pipelines={pipelines} pipeline={when.pipeline} current={when.stage} />
            </select>
          </div>
          <div class="field">
            <label for={`${id}-min`}>{t('automation.condition.minValue')}</label>
            <NumberInput id={`${id}-min`} value={when.minValue} testId="condition-min" invalidText={t('automation.condition.valueError')} onChange={(v, ok) => (setWhen({ minValue: v }), onInvalid(`${rule.id}:min`, !ok))} />
          </div>
          <div class="field">
            <label for={`${id}-max`}>{t('automation.condition.maxValue')}</label>
            <NumberInput id={`${id}-max`} value={when.maxValue} testId="condition-max" invalidText={t('automation.condition.valueError')} onChange={(v, ok) => (setWhen({ maxValue: v }), onInvalid(`${rule.id}:max`, !ok))} />
          </div>
        </div>
        <FieldConditions value={when.fields} ruleName={name} onChange={(fields) => setWhen({ fields })} />
      </fieldset>
      <TargetPicker label={t('automation.rule.assign')} value={rule.assign} reps={reps} groups={groups} onChange={(assign) => assign && onChange({ ...rule, assign })} />
      {movesPipelines ? (
        <fieldset class="group">
          <legend>{t('automation.rule.move')}</legend>
          <div class="field-row">
            <div class="field">
              <label for={`${id}-move-pipeline`}>{t('automation.rule.movePipeline')}</label>
              <select id={`${id}-move-pipeline`} value={rule.move?.pipeline ?? ''} data-testid="move-pipeline" onChange={(e) => {
                const pipeline = e.currentTarget.value;
                onChange({ ...rule, move: pipeline ? { pipeline, stage: firstStage(pipeline) } : null });
              }}>
                <option value="">{t('automation.rule.moveNone')}</option>
                <PipelineOptions pipelines={pipelines} current={rule.move?.pipeline ?? null} />
              </select>
            </div>
            {rule.move ? (
              <div class="field">
                <label for={`${id}-move-stage`}>{t('automation.rule.moveStage')}</label>
                <select id={`${id}-move-stage`} value={rule.move.stage} data-testid="move-stage" onChange={(e) => onChange({ ...rule, move: { pipeline: rule.move!.pipeline, stage: e.currentTarget.value } })}>
                  <StageOptions pipelines={pipelines} pipeline={rule.move.pipeline} current={rule.move.stage} />
                </select>
              </div>
            ) : null}
          </div>
        </fieldset>
      ) : null}
      <div class="actions">
        <button type="button" disabled={position === 0} aria-label={t('automation.rule.up', { name })} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" disabled={position === count - 1} aria-label={t('automation.rule.down', { name })} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" class="link" aria-label={t('automation.rule.remove', { name })} onClick={onRemove} data-testid="rule-remove">
          {t('automation.remove')}
        </button>
      </div>
    </li>
  );
}
