import { useId } from 'preact/hooks';
import type { RepGroup } from '@/lib/automation/rules';
import type { Rep } from '@/lib/automation/types';
import { useI18n } from '../i18n';
import { repName } from './names';

export interface GroupsEditorProps {
  groups: RepGroup[];
  reps: readonly Rep[] | null;
  onChange(next: RepGroup[]): void;
  newId(): string;
}

function GroupCard({ group, reps, onChange, onRemove }: { group: RepGroup; reps: readonly Rep[] | null; onChange(next: RepGroup): void; onRemove(): void }) {
  const { t } = useI18n();
  const id = useId();
  const listed = reps?.map((r) => r.id) ?? [];
  // Members the CRM no longer lists stay visible (flagged) until the manager takes them out.
  const members = [...listed, ...group.ownerIds.filter((o) => !listed.includes(o))];
  const name = group.name.trim() || t('automation.group.untitled');
  return (
    <li class="card" data-testid="rep-group">
      <div class="field">
        <label for={`${id}-name`}>{t('automation.group.name')}</label>
        <input id={`${id}-name`} type="text" maxLength={120} value={group.name} data-testid="group-name" onInput={(e) => onChange({ ...group, name: e.currentTarget.value })} />
      </div>
      <fieldset class="group">
        <legend>{t('automation.group.members', { name })}</legend>
        {members.length === 0 ? <p class="muted small">{t('automation.reps.none')}</p> : null}
        <ul class="automation-members">
          {members.map((rep) => {
            const gone = !listed.includes(rep);
            return (
              <li key={rep}>
                <label>
                  <input type="checkbox" checked={group.ownerIds.includes(rep)} data-testid="group-member" onChange={(e) => onChange({ ...group, ownerIds: e.currentTarget.checked ? [...group.ownerIds, rep] : group.ownerIds.filter((o) => o !== rep) })} />{' '}
                  {repName(t, reps, rep)}
                </label>
                {gone && reps ? <span class="field-error"> {t('automation.problem.unknownRep', { id: rep })}</span> : null}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <button type="button" class="link" aria-label={t('automation.group.remove', { name })} onClick={onRemove}>
        {t('automation.remove')}
      </button>
    </li>
  );
}

/** Groups of reps a rule can share deals among (round-robin or least-loaded). */
export function GroupsEditor({ groups, reps, onChange, newId }: GroupsEditorProps) {
  const { t } = useI18n();
  return (
    <section class="automation-groups" aria-labelledby="automation-groups-title">
      <h3 id="automation-groups-title">{t('automation.groups.title')}</h3>
      <p class="field-hint">{t('automation.groups.hint')}</p>
      <ul class="plain-list">
        {groups.map((group, i) => (
          <GroupCard key={group.id} group={group} reps={reps} onChange={(next) => onChange(groups.map((g, j) => (j === i ? next : g)))} onRemove={() => onChange(groups.filter((_, j) => j !== i))} />
        ))}
      </ul>
      <button type="button" data-testid="add-group" onClick={() => onChange([...groups, { id: newId(), name: t('automation.group.newName', { n: groups.length + 1 }), ownerIds: [] }])}>
        {t('automation.groups.add')}
      </button>
    </section>
  );
}
