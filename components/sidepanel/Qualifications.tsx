import type { DealGuidance } from '@/lib/playbook/engine';
import { qualificationTaskId } from '@/lib/playbook/engine';
import { useI18n } from '../i18n';

/** Qualification checklists (BANT, MEDDICC, SPICED) laid over the stage. */
export function Qualifications({ qualifications, onToggle }: { qualifications: DealGuidance['qualifications']; onToggle(taskId: string, done: boolean): void }) {
  const { t } = useI18n();
  return (
    <>
      {qualifications.map(({ qualification, items }) => (
        <section key={qualification.id} class="card" data-testid={`qualification-${qualification.id}`}>
          <h2>{t('panel.qualification', { name: qualification.name })}</h2>
          <ul class="tasks">
            {items.map((item) => (
              <li key={item.id} class="task">
                <label title={item.hint}>
                  <input type="checkbox" checked={item.done} onChange={(e) => onToggle(qualificationTaskId(qualification.id, item.id), (e.target as HTMLInputElement).checked)} />
                  <span class="task__title">{item.title}</span>
                </label>
                {item.hint ? <span class="task__meta muted">{item.hint}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
