import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { connectorOf } from '@/lib/crm/connectors';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';
import { useI18n } from '../i18n';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { Notice } from '../common/Notice';
import { AssignmentEditor } from './AssignmentEditor';
import { AssignmentRun } from './AssignmentRun';
import { AutomationLog } from './AutomationLog';
import { RepsStatus } from './RepsStatus';
import { loadAutomationView } from './data';
import { MailchimpSection } from './MailchimpSection';
import type { MailchimpAccess } from './MailchimpConnect';

export interface AutomationTabProps {
  db: StagecraftDb;
  /** Asks the background to run an automation step (dry run, apply, undo, read the reps…). */
  run(op: AutomationOp): Promise<AutomationReply>;
  now?: () => Date;
  /** Extension storage and permissions for the Mailchimp connection (the section shows only with this). */
  mailchimp?: MailchimpAccess;
}

/** The manager's automation: lead assignment rules with their dry run, Apply, Undo, and the log. */
export function AutomationTab({ db, run, now = () => new Date(), mailchimp }: AutomationTabProps) {
  const { t } = useI18n();
  const [unsaved, setUnsaved] = useState(false);
  const data = useLiveQuery(() => loadAutomationView(db), [db]);
  if (data.status === 'loading') return <Notice title={t('options.loading')} />;
  if (data.status === 'error') return <Notice tone="error" title={t('options.error.generic', { error: data.error })} />;
  const view = data.value;
  const crm = view.sync.meta?.crm ?? null;
  const reps = view.reps && view.reps.crm === crm ? view.reps.reps : null;
  const shown = { ...view, reps: reps ? view.reps : null };

  return (
    <div class="automation" data-testid="automation">
      <section class="card" aria-labelledby="assignment-title">
        <h2 id="assignment-title">{t('automation.assignment.title')}</h2>
        <p class="field-hint">{t('automation.assignment.intro')}</p>
        {crm === null ? <p class="muted" data-testid="automation-no-sync">{t('automation.noSync')}</p> : null}
        <RepsStatus reps={view.reps} crm={crm} run={run} />
        <AssignmentEditor db={db} stored={view.assignment.settings} storedProblem={view.assignment.problem} reps={reps} pipelines={view.pipelines} movesPipelines={crm === null || connectorOf(crm).movesPipelines} now={now} onUnsavedChange={setUnsaved} />
      </section>
      <AssignmentRun view={shown} run={run} unsaved={unsaved} />
      {mailchimp ? <MailchimpSection db={db} access={mailchimp} pipelines={view.pipelines} run={run} now={now} /> : null}
      <AutomationLog runs={view.log} reps={reps} groups={view.assignment.settings.groups} listName={(id) => view.lists?.lists.find((l) => l.id === id)?.name ?? id} />
    </div>
  );
}
