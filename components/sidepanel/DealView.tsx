import { useEffect, useMemo, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { changeChecklist } from '@/lib/db/derived';
import { rememberStageMapping } from '@/lib/db/stage-mappings';
import { loadDealData, type DealData } from '@/lib/db/deal-data';
import { storageFailureText } from '@/lib/db/errors';
import { evaluateDeal } from '@/lib/playbook/engine';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useMinuteClock } from '../hooks/useMinuteClock';
import { useI18n } from '../i18n';
import { useCrmWriteBack } from '../common/CrmWriteBack';
import { usePendingTicks } from './usePendingTicks';
import { Notice } from '../common/Notice';
import { DealHeader } from './DealHeader';
import { StagePath } from './StagePath';
import { GuidanceText } from './GuidanceText';
import { GoalStatus } from './GoalStatus';
import { Checklist } from './Checklist';
import { NextSteps } from './NextSteps';
import { StageMapper } from './StageMapper';
import { Qualifications } from './Qualifications';
import { ActivityHistory } from './ActivityHistory';
import { Scripts } from './Scripts';
import { PauseControl } from './PauseControl';
import { pauseDeal, resumeDeal } from '@/lib/db/pauses';
import { calendarDay } from '@/lib/playbook/days';
import { scriptValues } from '@/lib/playbook/scripts';
import { nextStageOf } from '@/lib/playbook/next-stage';
import type { Script } from '@/lib/model/playbook.schema';
import { DataSources } from './DataSources';
import { PraiseLine } from './PraiseLine';
import { dismissPraise } from '@/lib/db/praise';
import { visiblePraise } from '@/lib/rewards/praise';
import { crmActivityIds } from '@/lib/activities/sync-view';
import type { ApiState } from '@/lib/background/crm-sync';
import './sidepanel.css';

export interface DealViewProps {
  db: StagecraftDb;
  dealKey: string;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  onOpenOptions(): void;
  onLogActivity(): void;
  /** Puts text on the clipboard (tests pass their own). */
  copyText?: (text: string) => Promise<void>;
}


const systemNow = () => new Date();

const CRM_NAME_KEYS = { salesforce: 'crm.salesforce', pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot' } as const;

/** The stage's tasks whose tick the CRM holds for the team (confirmed, nothing waiting). */
function sharedTicks(data: DealData, stageId: string, crm: string) {
  return { crm, taskIds: new Set(data.tickShares.filter((row) => row.stageId === stageId && row.sharedAt !== null && !row.nextAttemptAt).map((row) => row.taskId)) };
}

export function DealView({ db, dealKey, now = systemNow, onOpenOptions, onLogActivity, copyText }: DealViewProps) {
  const { t } = useI18n();
  const data = useLiveQuery(() => loadDealData(db, dealKey), [db, dealKey]);
  const time = useMinuteClock(now);
  const [writeError, setWriteError] = useState<string | null>(null);

  const ready = data.status === 'ready' ? data.value : null;
  const ticks = usePendingTicks(ready);
  const guidance = useMemo(() => {
    if (!ready?.playbook) return null;
    return evaluateDeal({
      playbook: ready.playbook.playbook,
      snapshot: ready.deal.snapshot,
      account: ready.deal.account,
      dealKey,
      visits: ready.visits,
      checklist: ticks.overlay(ready.checklist),
      activities: ready.activities,
      mappings: ready.settings.stageMappings,
      defaultRotDays: ready.settings.defaultRotDays,
      learnedRotDays: ready.settings.learnedRotDays,
      now: time,
      utcOffsetMinutes: -time.getTimezoneOffset(),
      pauses: ready.pauses,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, dealKey, time, ticks.version]);

  const writeBack = useCrmWriteBack();
  const report = (error: unknown) => setWriteError(storageFailureText(t, error));

  // The panel only reads: evidence ticks and goal skips are stored where the data arrives (lib/db/derived.ts).

  // Praise is stored where the move or milestone arrived (lib/db/praise.ts); the panel shows its one line.
  const praise = ready ? visiblePraise(ready.praise, ready.deal, time) : null;

  if (data.status === 'loading') return <Notice title={t('state.loading')} />;
  if (data.status === 'error') return <Notice tone="error" title={t('state.readError.title')}>{data.error}</Notice>;
  if (!ready) return <Notice title={t('state.loading')} />;

  const stageId = guidance?.match?.stage.id;
  const toggle = (taskId: string, done: boolean) => {
    if (!stageId) return;
    setWriteError(null);
    // The background shares the tick with the team once the rep stops changing it (lib/db/tick-queue.ts).
    const at = now();
    const entry = { dealKey, stageId, taskId, state: done ? ('done' as const) : ('open' as const), at: at.toISOString(), by: 'hand' as const, evidenceActivityId: null };
    ticks.tick(entry, () => changeChecklist(db, { dealKey, stageId, taskId, state: entry.state, by: 'hand' }, at)).then(() => writeBack.flush(), report);
  };
  // Using a script is evidence for the task it ticks (unless the rep already decided that task).
  const useScript = (script: Script) => {
    if (!stageId || !script.ticksTask) return;
    const status = guidance?.tasks.find((task) => task.task.id === script.ticksTask);
    if (!status || status.state === 'done') return;
    setWriteError(null);
    changeChecklist(db, { dealKey, stageId, taskId: script.ticksTask, state: 'done', by: 'evidence', evidenceActivityId: null }, now()).then(() => writeBack.flush(), report);
  };
  const pause = async (reason: string, until: string) => {
    setWriteError(null);
    const at = now();
    const offset = -at.getTimezoneOffset();
    try {
      const result = await pauseDeal(db, { dealKey, reason, until, owner: ready.deal.snapshot.owner, now: at, today: calendarDay(at, offset), utcOffsetMinutes: offset });
      if (result.ok) return null;
      if (result.error === 'reason' || result.error === 'until') return result.error;
      setWriteError(result.error);
      return null;
    } catch (error) {
      report(error);
      return null;
    }
  };
  const resume = () => {
    setWriteError(null);
    resumeDeal(db, dealKey, now()).catch(report);
  };
  const remember = (pipelineId: string, targetStageId: string) => {
    const { deal } = ready as DealData;
    if (!deal.snapshot.stage) return;
    rememberStageMapping(db, deal, deal.snapshot.stage, { pipelineId, stageId: targetStageId }, now()).catch(report);
  };

  return (
    <div class="deal-view" data-deal-key={dealKey}>
      <DealHeader deal={ready.deal.snapshot} />
      <DataSources api={ready.deal.api as ApiState | undefined} crm={ready.deal.crm} loggedHere={crmActivityIds(ready.deal.crm, ready.activities)} />
      {praise ? <PraiseLine praise={praise} onDismiss={(id) => void dismissPraise(db, id, now()).catch(report)} /> : null}
      {writeError ? <p class="notice notice--error" role="alert">{writeError}</p> : null}
      {!guidance ? (
        <Notice title={t('state.noPlaybook.title')}>
          <p>{t('state.noPlaybook.body')}</p>
          <button type="button" onClick={onOpenOptions}>{t('action.openOptions')}</button>
        </Notice>
      ) : (
        <>
          {ready.playbook?.origin === 'managed' ? <p class="muted small">{t('panel.managedNote')}</p> : null}
          <StagePath path={guidance.path} />
          {guidance.daysInStage !== null && guidance.match?.stage.outcome === null ? (
            <p class="muted small" data-testid="days-in-stage">
              {t('panel.daysInStage', { days: Math.floor(guidance.daysInStage) })} · {t(guidance.entrySource === 'crm' ? 'panel.entry.crm' : 'panel.entry.observed')}
            </p>
          ) : null}
          {guidance.stalled ? (
            <p class="warning" role="alert" data-testid="stalled">{t('panel.stalled', { stage: guidance.match!.stage.name, days: guidance.stalled.days, limit: guidance.stalled.limit })}</p>
          ) : null}
          {!guidance.match ? (
            guidance.crmStage ? <StageMapper crmStage={guidance.crmStage} pipelines={ready.playbook!.playbook.pipelines} onMap={remember} /> : <Notice title={t('panel.noStage')} />
          ) : (
            <>
              {ready.deal.snapshot.status === 'won' || ready.deal.snapshot.status === 'lost' ? <p class="suggestion">{t(`panel.closed.${ready.deal.snapshot.status}`)}</p> : null}
              {ready.deal.snapshot.status !== 'won' && ready.deal.snapshot.status !== 'lost' && guidance.match.stage.outcome === null ? (
                <PauseControl paused={guidance.paused} today={calendarDay(time, -time.getTimezoneOffset())} onPause={pause} onResume={resume} />
              ) : null}
              {guidance.paused ? null : <NextSteps steps={guidance.nextSteps} />}
              {guidance.match.stage.outcome === null ? (
                <Scripts
                  scripts={guidance.match.stage.scripts}
                  tasks={guidance.match.stage.tasks}
                  values={scriptValues({ snapshot: ready.deal.snapshot, nextStage: nextStageOf(guidance.pipeline, guidance.match.stage), meName: ready.settings.me[ready.deal.crm] })}
                  copyText={copyText}
                  onUse={useScript}
                />
              ) : null}
              {guidance.match.stage.guidance ? (
                <section class="card" aria-labelledby="guidance-heading">
                  <h2 id="guidance-heading">{t('panel.guidance')}: {guidance.match.stage.name}</h2>
                  <GuidanceText source={guidance.match.stage.guidance} testId="stage-guidance" />
                </section>
              ) : null}
              {guidance.match.stage.outcome === null ? (
                <>
                  <GoalStatus guidance={guidance} onConfirm={toggle} />
                  <Checklist guidance={guidance} activities={ready.activities} onToggle={toggle} shared={sharedTicks(ready, guidance.match.stage.id, t(CRM_NAME_KEYS[ready.deal.crm]))} />
                  <Qualifications qualifications={guidance.qualifications} onToggle={toggle} />
                </>
              ) : null}
            </>
          )}
        </>
      )}
      <ActivityHistory db={db} activities={[...ready.activities].reverse().slice(0, 20)} crm={ready.deal.crm} writes={ready.crmWrites} keyTypes={ready.settings.keyActivityTypes} onLogActivity={onLogActivity} onError={report} />
    </div>
  );
}
