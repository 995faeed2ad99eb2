import { useId } from 'preact/hooks';
import type { AssignTarget, RepGroup } from '@/lib/automation/rules';
import { targetProblems, type TargetProblem } from '@/lib/automation/problems';
import type { Rep } from '@/lib/automation/types';
import type { Translate } from '@/lib/i18n';
import { useI18n } from '../i18n';
import { repName } from './names';

type Kind = AssignTarget['kind'] | 'none';

export interface TargetPickerProps {
  value: AssignTarget | null;
  onChange(next: AssignTarget | null): void;
  reps: readonly Rep[] | null;
  groups: readonly RepGroup[];
  /** The default may leave a deal as it is; a rule always assigns. */
  allowNone?: boolean;
  /** Names what is being assigned ("Rule Norway: assign to"). */
  label: string;
}

export function problemText(t: Translate, problem: TargetProblem, groups: readonly RepGroup[]): string {
  if (problem.kind === 'unknownRep') return t('automation.problem.unknownRep', { id: problem.ownerId });
  const group = groups.find((g) => g.id === problem.groupId)?.name ?? problem.groupId;
  return t(problem.kind === 'unknownGroup' ? 'automation.problem.unknownGroup' : 'automation.problem.emptyGroup', { group });
}

/** An owner, or round-robin / least-loaded within a group; what no longer exists is flagged beside it. */
export function TargetPicker({ value, onChange, reps, groups, allowNone = false, label }: TargetPickerProps) {
  const { t } = useI18n();
  const id = useId();
  const kind: Kind = value?.kind ?? 'none';
  const problems = value ? targetProblems(value, { groups }, reps) : [];
  const firstRep = reps?.[0]?.id ?? '';
  const firstGroup = groups[0]?.id ?? '';

  const setKind = (next: Kind) => {
    if (next === 'none') return onChange(null);
    if (next === 'owner') return onChange({ kind: 'owner', ownerId: value?.kind === 'owner' ? value.ownerId : firstRep });
    onChange({ kind: next, groupId: value && value.kind !== 'owner' ? value.groupId : firstGroup });
  };
  const repIds = reps?.map((r) => r.id) ?? [];
  const ownerIds = value?.kind === 'owner' && value.ownerId && !repIds.includes(value.ownerId) ? [...repIds, value.ownerId] : repIds;
  const groupIds = groups.map((g) => g.id);
  const groupChoices = value && value.kind !== 'owner' && value.groupId && !groupIds.includes(value.groupId) ? [...groupIds, value.groupId] : groupIds;

  return (
    <fieldset class="group automation-target" data-testid="target-picker">
      <legend>{label}</legend>
      <div class="field-row">
        <div class="field">
          <label for={`${id}-kind`}>{t('automation.target.how')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)} data-testid="target-kind">
            {allowNone ? <option value="none">{t('automation.target.none')}</option> : null}
            <option value="owner">{t('automation.target.owner')}</option>
            <option value="roundRobin">{t('automation.target.roundRobin')}</option>
            <option value="leastLoaded">{t('automation.target.leastLoaded')}</option>
          </select>
        </div>
        {value?.kind === 'owner' ? (
          <div class="field">
            <label for={`${id}-rep`}>{t('automation.target.rep')}</label>
            <select id={`${id}-rep`} value={value.ownerId} aria-invalid={problems.length > 0} aria-describedby={problems.length ? `${id}-problems` : undefined} onChange={(e) => onChange({ kind: 'owner', ownerId: e.currentTarget.value })} data-testid="target-rep">
              {value.ownerId === '' ? <option value="">{t('automation.target.chooseRep')}</option> : null}
              {ownerIds.map((rep) => (
                <option key={rep} value={rep}>
                  {repName(t, reps, rep)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {value && value.kind !== 'owner' ? (
          <div class="field">
            <label for={`${id}-group`}>{t('automation.target.group')}</label>
            <select id={`${id}-group`} value={value.groupId} aria-invalid={problems.length > 0} aria-describedby={problems.length ? `${id}-problems` : undefined} onChange={(e) => onChange({ kind: value.kind, groupId: e.currentTarget.value })} data-testid="target-group">
              {value.groupId === '' ? <option value="">{t('automation.target.chooseGroup')}</option> : null}
              {groupChoices.map((g) => (
                <option key={g} value={g}>
                  {groups.find((x) => x.id === g)?.name ?? t('automation.group.unknown', { id: g })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {problems.length ? (
        <ul class="field-error automation-problems" id={`${id}-problems`} data-testid="target-problems">
          {problems.map((p) => (
            <li key={`${p.kind}:${'ownerId' in p ? p.ownerId : p.groupId}`}>{problemText(t, p, groups)}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
