import type { DealGuidance } from '@/lib/playbook/engine';
import { useI18n } from '../i18n';

/** Every stage of the pipeline, the current one highlighted, passed ones marked. */
export function StagePath({ path }: { path: DealGuidance['path'] }) {
  const { t } = useI18n();
  return (
    <ol class="stage-path" aria-label={t('panel.path')} data-testid="stage-path">
      {path.map(({ stage, state }) => (
        <li key={stage.id} class={`stage-path__step stage-path__step--${state}`} aria-current={state === 'current' ? 'step' : undefined} title={stage.name}>
          <span class="stage-path__name">{stage.name}</span>
          <span class="visually-hidden"> ({t(`panel.path.${state}`)})</span>
        </li>
      ))}
    </ol>
  );
}
