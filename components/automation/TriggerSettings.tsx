import type { AssignmentSettings } from '@/lib/automation/rules';
import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useI18n } from '../i18n';

type Triggers = Pick<AssignmentSettings, 'triggers' | 'afterSync' | 'reassignRuleAssigned'>;

/** Which deals the rules look at (new ones, those entering chosen stages), and when they run. */
export function TriggerSettings({ value, pipelines, onChange }: { value: Triggers; pipelines: readonly SyncedPipeline[]; onChange(next: Partial<Triggers>): void }) {
  const { t } = useI18n();
  const { triggers } = value;
  const toggleStage = (stage: string, on: boolean) => onChange({ triggers: { ...triggers, stages: on ? [...triggers.stages, stage] : triggers.stages.filter((s) => s !== stage) } });
  const listed = new Set(pipelines.flatMap((p) => p.stages.map((s) => s.id)));
  return (
    <fieldset class="group" data-testid="assignment-triggers">
      <legend>{t('automation.triggers.title')}</legend>
      <label class="checkbox">
        <input type="checkbox" checked={triggers.newDeals} data-testid="trigger-new" onChange={(e) => onChange({ triggers: { ...triggers, newDeals: e.currentTarget.checked } })} /> {t('automation.triggers.newDeals')}
      </label>
      {pipelines.length ? (
        <fieldset class="group">
          <legend>{t('automation.triggers.stages')}</legend>
          {pipelines.map((p) => (
            <div key={p.id} role="group" aria-label={p.name}>
              {pipelines.length > 1 ? <p class="small muted">{p.name}</p> : null}
              {p.stages
                .filter((s) => s.closes === null)
                .map((s) => (
                  <label class="checkbox" key={s.id}>
                    <input type="checkbox" checked={triggers.stages.includes(s.id)} onChange={(e) => toggleStage(s.id, e.currentTarget.checked)} /> {s.name}
                  </label>
                ))}
            </div>
          ))}
          {triggers.stages
            .filter((s) => !listed.has(s))
            .map((s) => (
              <label class="checkbox" key={s}>
                <input type="checkbox" checked onChange={() => toggleStage(s, false)} /> {t('automation.unknownId', { id: s })}
              </label>
            ))}
        </fieldset>
      ) : (
        <p class="field-hint">{t('automation.triggers.noStages')}</p>
      )}
      <label class="checkbox">
        <input type="checkbox" checked={value.reassignRuleAssigned} data-testid="trigger-reassign" onChange={(e) => onChange({ reassignRuleAssigned: e.currentTarget.checked })} /> {t('automation.triggers.reassign')}
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={value.afterSync} data-testid="trigger-after-sync" onChange={(e) => onChange({ afterSync: e.currentTarget.checked })} /> {t('automation.triggers.afterSync')}
      </label>
    </fieldset>
  );
}
