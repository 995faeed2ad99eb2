import type { PlanNote } from '@/lib/automation/plan';
import type { RepGroup } from '@/lib/automation/rules';
import type { Rep } from '@/lib/automation/types';
import type { MessageKey, Translate } from '@/lib/i18n';
import type { AutomationLogEntry, AutomationRun } from '@/lib/model/automation';
import { useI18n } from '../i18n';
import { failureText, formatMoment } from './format';
import { serviceOf } from '@/lib/i18n/cause';
import { repName } from './names';
import { noteText } from './PlanTable';
import { listNoteText } from './ListRun';
import type { ListNote } from '@/lib/mailchimp/plan';

const RUN_KEYS: Record<AutomationRun['kind'], MessageKey> = { assignment: 'automation.log.assignment', undo: 'automation.log.undo', mailchimp: 'automation.log.mailchimp' };
const OUTCOME_KEYS = { applied: 'automation.outcome.applied', skipped: 'automation.outcome.skipped', failed: 'automation.outcome.failed' } as const satisfies Record<string, MessageKey>;
const ACTION_KEYS = { subscribe: 'automation.mailchimp.action.subscribe', unsubscribe: 'automation.mailchimp.action.unsubscribe', removeTags: 'automation.mailchimp.action.removeTags' } as const satisfies Record<string, MessageKey>;

function entryText(t: Translate, entry: AutomationLogEntry, reps: readonly Rep[] | null, listName: (id: string) => string): string {
  if (entry.kind === 'mailchimp') {
    const tags = entry.tags.length ? t('automation.mailchimp.tags', { tags: entry.tags.join(', ') }) : '';
    return t(ACTION_KEYS[entry.action], { deal: entry.title, email: entry.email, list: listName(entry.listId), tags });
  }
  return t(entry.kind === 'undo' ? 'automation.log.entryUndo' : 'automation.log.entry', { deal: entry.title, from: repName(t, reps, entry.kind === 'undo' ? entry.toOwnerId : entry.fromOwnerId), to: repName(t, reps, entry.kind === 'undo' ? entry.fromOwnerId : entry.toOwnerId) });
}

export interface AutomationLogProps {
  runs: { run: AutomationRun; entries: AutomationLogEntry[] }[];
  reps: readonly Rep[] | null;
  groups: readonly RepGroup[];
  listName(id: string): string;
}

/** Every run, newest first: what it changed, what it skipped and what failed (and why). */
export function AutomationLog({ runs, reps, groups, listName }: AutomationLogProps) {
  const { t, locale } = useI18n();
  return (
    <section class="card" aria-labelledby="automation-log-title" data-testid="automation-log">
      <h3 id="automation-log-title">{t('automation.log.title')}</h3>
      {runs.length === 0 ? <p class="muted">{t('automation.log.none')}</p> : null}
      {runs.map(({ run, entries }, i) => (
        <details key={run.id} open={i === 0} data-testid="automation-run" data-kind={run.kind}>
          <summary>
            {t(RUN_KEYS[run.kind], { at: formatMoment(locale, run.at) })}
            {' · '}
            {t('automation.log.counts', { applied: run.counts.applied, skipped: run.counts.skipped, failed: run.counts.failed })}
            {run.trigger === 'afterSync' ? ` · ${t('automation.log.afterSync')}` : ''}
            {run.finishedAt === null ? ` · ${t('automation.log.unfinished')}` : ''}
            {run.undoneAt ? ` · ${t('automation.log.undone', { at: formatMoment(locale, run.undoneAt) })}` : ''}
          </summary>
          <ul class="automation-entries">
            {entries.map((e) => (
              <li key={e.id} data-testid="automation-entry" data-outcome={e.outcome}>
                <span class={`automation-outcome automation-outcome--${e.outcome}`}>{t(OUTCOME_KEYS[e.outcome])}</span> {entryText(t, e, reps, listName)}
                {e.kind !== 'mailchimp' && e.outcome === 'skipped' ? ` — ${t('automation.log.ownerChanged', { rep: repName(t, reps, e.foundOwnerId ?? null) })}` : ''}
                {e.detail ? ` — ${e.kind === 'mailchimp' && e.outcome === 'skipped' ? t(`automation.mailchimp.skip.${e.detail}` as MessageKey) : failureText(t, e.detail, e.kind === 'mailchimp' ? 'mailchimp' : serviceOf(run.crm))}` : ''}
              </li>
            ))}
          </ul>
          {run.kind === 'mailchimp' && (run.notes as ListNote[] | undefined)?.length ? (
            <ul class="automation-notes" data-testid="automation-run-notes">
              {(run.notes as ListNote[]).map((n, j) => (
                <li key={j} class="muted">
                  {listNoteText(t, n, listName)}
                </li>
              ))}
            </ul>
          ) : null}
          {run.kind === 'assignment' && (run.notes as PlanNote[] | undefined)?.length ? (
            <ul class="automation-notes">
              {(run.notes as PlanNote[]).map((n, j) => (
                <li key={j} class="muted">
                  {noteText(t, n, reps, groups)}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      ))}
    </section>
  );
}
