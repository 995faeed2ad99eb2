import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredReps } from '@/lib/db/automation';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';
import { useI18n } from '../i18n';
import { CRM_LABEL_KEYS } from '../options/fields';
import { formatMoment, replyText } from './format';
import { causeText } from '@/lib/i18n/cause';
import { failureCause } from '@/lib/db/errors';

/** The CRM's reps the editor offers: when they were read, and a button to read them again (once by itself when none were read). */
export function RepsStatus({ reps, crm, run }: { reps: StoredReps | null; crm: string | null; run(op: AutomationOp): Promise<AutomationReply> }) {
  const { t, locale } = useI18n();
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const asked = useRef(false);
  const current = reps && reps.crm === crm ? reps : null;
  const read = async () => {
    setWorking(true);
    setProblem(null);
    try {
      const reply = await run('reps');
      if (!reply.ok) setProblem(replyText(t, locale, reply));
    } catch (error) {
      setProblem(t('automation.reason.other', { detail: causeText(failureCause(error), t) }));
    } finally {
      setWorking(false);
    }
  };
  useEffect(() => {
    if (crm && !current && !asked.current) {
      asked.current = true;
      void read();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [crm, current]);
  if (!crm) return null;
  const name = t(CRM_LABEL_KEYS[crm as keyof typeof CRM_LABEL_KEYS] ?? 'crm.hubspot');
  return (
    <div class="actions automation-reps" data-testid="automation-reps">
      <span class="small muted" role="status" aria-live="polite">
        {working ? t('automation.reps.reading', { crm: name }) : current ? t('automation.reps.read', { count: current.reps.length, crm: name, at: formatMoment(locale, current.at) }) : t('automation.reps.notRead', { crm: name })}
      </span>
      <button type="button" class="link" disabled={working} onClick={() => void read()} data-testid="automation-reps-refresh">
        {t('automation.reps.refresh')}
      </button>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
