import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadListPlan, loadMailchimpLists, loadMailchimpSettings } from '@/lib/db/mailchimp';
import type { MailchimpConnection } from '@/lib/mailchimp/key';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';
import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { formatMoment } from './format';
import { ListRulesEditor } from './ListRulesEditor';
import { ListRun } from './ListRun';
import { MailchimpConnect, type MailchimpAccess } from './MailchimpConnect';

export interface MailchimpSectionProps {
  db: StagecraftDb;
  access: MailchimpAccess;
  pipelines: readonly SyncedPipeline[];
  run(op: AutomationOp): Promise<AutomationReply>;
  now: () => Date;
}

/** E-mail lists by stage: connect Mailchimp, the rules per stage, their dry run and Apply. */
export function MailchimpSection({ db, access, pipelines, run, now }: MailchimpSectionProps) {
  const { t, locale } = useI18n();
  const [connection, setConnection] = useState<MailchimpConnection | null>(null);
  const data = useLiveQuery(async () => {
    const [settings, plan, lists] = await Promise.all([loadMailchimpSettings(db), loadListPlan(db), loadMailchimpLists(db)]);
    return { settings, plan, lists };
  }, [db]);
  const value = data.status === 'ready' ? data.value : null;
  return (
    <section class="card" aria-labelledby="mailchimp-title" data-testid="mailchimp">
      <h2 id="mailchimp-title">{t('automation.mailchimp.title')}</h2>
      <p class="field-hint">{t('automation.mailchimp.intro')}</p>
      <MailchimpConnect {...access} run={run} now={now} onChange={setConnection} />
      {connection ? (
        <div class="actions automation-reps">
          <span class="small muted" data-testid="mailchimp-lists">
            {value?.lists ? t('automation.mailchimp.listsRead', { count: value.lists.lists.length, at: formatMoment(locale, value.lists.at) }) : t('automation.mailchimp.listsNone')}
          </span>
          <button type="button" class="link" onClick={() => void run('mailchimpLists')} data-testid="mailchimp-lists-refresh">
            {t('automation.mailchimp.listsRefresh')}
          </button>
        </div>
      ) : null}
      {value ? (
        <>
          <ListRulesEditor db={db} stored={value.settings.settings} storedProblem={value.settings.problem} pipelines={pipelines} lists={value.lists?.lists ?? null} now={now} />
          <ListRun plan={value.plan} lists={value.lists?.lists ?? null} hasRules={value.settings.settings.rules.length > 0} connected={connection !== null} run={run} />
        </>
      ) : null}
    </section>
  );
}
