import type { PlanNote, AssignmentPlan } from '@/lib/automation/plan';
import type { RepGroup } from '@/lib/automation/rules';
import type { Rep } from '@/lib/automation/types';
import type { Translate } from '@/lib/i18n';
import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useI18n } from '../i18n';
import { countText, failureText } from './format';
import { pipelineName, repName, stageName } from './names';

function noteText(t: Translate, note: PlanNote, reps: readonly Rep[] | null, groups: readonly RepGroup[]): string {
  switch (note.kind) {
    case 'unknownRep':
      return t('automation.note.unknownRep', { rule: note.ruleName ?? t('automation.fallbackName'), id: note.ownerId });
    case 'emptyGroup':
      return t('automation.note.emptyGroup', { rule: note.ruleName ?? t('automation.fallbackName'), group: groups.find((g) => g.id === note.groupId)?.name ?? note.groupId });
    case 'noMatch':
      return t('automation.note.noMatch', { deal: note.title });
    case 'alreadyOwner':
      return t('automation.note.alreadyOwner', { deal: note.title, rep: repName(t, reps, note.ownerId) });
    case 'unreadable':
      return t('automation.note.unreadable', { deal: note.title, detail: failureText(t, note.detail, 'crm') });
  }
}

/** The dry run: "would assign 14 deals", each deal with the rule that matched and who gets it; then what it leaves alone and why. */
export function PlanTable({ plan, reps, groups, pipelines }: { plan: AssignmentPlan; reps: readonly Rep[] | null; groups: readonly RepGroup[]; pipelines: readonly SyncedPipeline[] }) {
  const { t, locale } = useI18n();
  return (
    <div data-testid="assignment-plan">
      <p class="automation-plan__count" data-testid="assignment-plan-count">
        {countText(t, locale, 'automation.plan.count', plan.changes.length)}
      </p>
      {plan.changes.length ? (
        <table class="automation-table">
          <caption class="visually-hidden">{t('automation.plan.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('automation.col.deal')}</th>
              <th scope="col">{t('automation.col.rule')}</th>
              <th scope="col">{t('automation.col.from')}</th>
              <th scope="col">{t('automation.col.to')}</th>
              <th scope="col">{t('automation.col.move')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.changes.map((c) => (
              <tr key={c.key} data-testid="plan-row" data-deal={c.dealId}>
                <th scope="row">{c.title}</th>
                <td>{c.ruleName ?? t('automation.fallbackName')}</td>
                <td>{repName(t, reps, c.fromOwnerId)}</td>
                <td>{repName(t, reps, c.toOwnerId)}</td>
                <td>{c.move ? t('automation.plan.moveTo', { pipeline: pipelineName(pipelines, c.move.pipeline), stage: stageName(pipelines, c.move.stage) }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {plan.notes.length ? (
        <ul class="automation-notes" data-testid="assignment-plan-notes">
          {plan.notes.map((n, i) => (
            <li key={i} class={n.kind === 'unknownRep' || n.kind === 'emptyGroup' || n.kind === 'unreadable' ? 'field-error' : 'muted'}>
              {noteText(t, n, reps, groups)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export { noteText };
