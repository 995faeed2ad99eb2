import { useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { tabIndexForKey } from '../common/tab-keys';
import { activeLocalPlaybook } from '@/lib/db/playbooks';
import { loadSettings } from '@/lib/db/settings';
import type { MessageKey } from '@/lib/i18n';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { PlaybookEditor, type EditorControl } from './PlaybookEditor';
import { TemplatePicker } from './TemplatePicker';
import { SharingPanel } from './SharingPanel';
import { TeamSettings } from './TeamSettings';
import { DataPanel } from './DataPanel';
import { downloadText } from './download';
import { TeamView } from '../team/TeamView';
import type { CreateTeamFiguresRunner } from '../team/useTeamFigures';
import { PausedDeals } from '../team/PausedDeals';
import { CuesSettings } from './CuesSettings';
import { RewardsSettings } from './RewardsSettings';
import { ForecastView } from '../team/ForecastView';
import { MaturityView } from '../team/MaturityView';
import { ProjectionView } from '../projection/ProjectionView';
import { KpiView } from '../kpi/KpiView';
import { Connections, type ConnectionsProps } from '../connections/Connections';
import { WriteQueue } from '../connections/WriteQueue';
import { RefusedTicks } from '../connections/RefusedTicks';
import { TeamSyncPanel } from '../team-sync/TeamSyncPanel';
import type { CrmId } from '@/lib/model/deal';
import { HistoryImport } from '../history-import/HistoryImport';
import type { ImportRunner } from '@/lib/history-import/runner';
import type { HistoryStore } from '@/lib/history-import/session';
import type { ProjectionRunner } from '@/lib/projection/runner';
import { AutomationTab } from '../automation/AutomationTab';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';

export interface OptionsProps {
  db: StagecraftDb;
  /** Saves a file (tests pass a spy). */
  download?: (fileName: string, text: string) => void;
  now?: () => Date;
  /** The editor's autosave delay. */
  debounceMs?: number;
  /** The CRM connections section (browser permissions and extension storage are wired by the entry). */
  connections?: ConnectionsProps;
  /** Where history files are read and converted (the entry passes a worker). */
  createImportRunner?: (store: HistoryStore) => ImportRunner;
  /** Where the projection and its backtest are worked out (the entry passes a worker). */
  createProjectionRunner?: () => ProjectionRunner;
  /** Where the team pages' figures are worked out (the entry passes a worker's; absent: on this thread). */
  createTeamFiguresRunner?: CreateTeamFiguresRunner;
  /** Asks the background to sync the whole team from a connected CRM. */
  syncTeam?: (crm: CrmId) => void;
  /** Asks the browser for the `notifications` permission (the rep's cues). */
  requestNotifications?: () => Promise<boolean>;
  /** Asks the background to run an automation step (the Automation tab shows only with this). */
  runAutomation?: (op: AutomationOp) => Promise<AutomationReply>;
}

const TABS = ['playbook', 'sharing', 'scorecards', 'forecast', 'projection', 'kpis', 'maturity', 'history', 'team', 'connections', 'automation', 'data'] as const;
type Tab = (typeof TABS)[number];
const TAB_KEYS: Record<Tab, MessageKey> = {
  playbook: 'options.tab.playbook',
  sharing: 'options.tab.sharing',
  scorecards: 'team.title',
  forecast: 'forecast.title',
  projection: 'projection.title',
  kpis: 'kpi.title',
  maturity: 'maturity.title',
  history: 'historyImport.title',
  team: 'options.tab.team',
  connections: 'connections.title',
  automation: 'automation.title',
  data: 'options.tab.data',
};

/** The managers' page: the playbook editor with its process check, sharing, team settings, data. */
export function Options({ db, download = downloadText, now = () => new Date(), debounceMs = 300, connections, createImportRunner, createProjectionRunner, createTeamFiguresRunner, syncTeam, requestNotifications, runAutomation }: OptionsProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>(() => initialTab());
  const [revision, setRevision] = useState(0);
  const editor = useRef<EditorControl | null>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const data = useLiveQuery(async () => {
    const [managed, local, settings] = await Promise.all([
      db.playbooks.filter((p) => p.origin === 'managed').first(),
      activeLocalPlaybook(db),
      loadSettings(db),
    ]);
    return { managed, local, settings };
  }, [db]);

  const beforeReplace = async () => {
    await editor.current?.flush();
  };
  const onReplaced = () => setRevision((r) => r + 1);
  const loadCurrent = async () => ((await db.playbooks.filter((p) => p.origin === 'managed').first()) ?? (await activeLocalPlaybook(db)))?.playbook ?? null;

  if (data.status === 'loading') return <Notice title={t('options.loading')} />;
  if (data.status === 'error') return <Notice tone="error" title={t('options.error.generic', { error: data.error })} />;
  const { managed, local, settings } = data.value;
  const shown = managed ?? local;

  const selectTab = (next: Tab, focus = false) => {
    setTab(next);
    if (focus) tabRefs.current[TABS.indexOf(next)]?.focus();
  };
  const tabKeyDown = (event: KeyboardEvent) => {
    const next = tabIndexForKey(event.key, TABS.indexOf(tab), TABS.length);
    if (next === null) return;
    event.preventDefault();
    selectTab(TABS[next]!, true);
  };

  return (
    <main class="options">
      <header class="options__header">
        <h1>{t('options.title')}</h1>
        {shown ? <p class="muted" data-testid="active-playbook">{shown.playbook.name}</p> : null}
        <a class="options__privacy" href="privacy.html" target="_blank" rel="noopener" data-testid="privacy-link">{t('privacy.link')}</a>
      </header>
      <div role="tablist" aria-label={t('options.nav.label')} class="tabs" onKeyDown={tabKeyDown}>
        {TABS.map((id, i) => (
          <button
            key={id}
            ref={(el) => void (tabRefs.current[i] = el)}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            data-testid={`tab-${id}`}
            onClick={() => selectTab(id)}
          >
            {t(TAB_KEYS[id])}
          </button>
        ))}
      </div>

      {/* Every panel stays mounted (hidden when not shown): pending edits are never lost by switching. */}
      <section role="tabpanel" id="panel-playbook" aria-labelledby="tab-playbook" hidden={tab !== 'playbook'}>
        {managed ? (
          <div class="managed-note" role="note" data-testid="managed-note">
            <h2>{t('options.managed.title')}</h2>
            <p>{t('options.managed.body')}</p>
          </div>
        ) : null}
        {shown ? (
          <PlaybookEditor
            key={`${shown.origin}:${shown.id}:${revision}`}
            db={db}
            stored={shown.playbook}
            readOnly={Boolean(managed)}
            defaultRotDays={settings.defaultRotDays}
            learnedRotDays={settings.learnedRotDays}
            teamConversion={settings.teamConversion}
            debounceMs={debounceMs}
            now={now}
            control={editor}
          />
        ) : (
          <TemplatePicker db={db} replacing={null} beforeReplace={beforeReplace} onReplaced={onReplaced} now={now} />
        )}
        {shown && !managed ? (
          <details class="start-over">
            <summary>{t('options.start.replaceTitle')}</summary>
            <TemplatePicker db={db} replacing={shown.playbook.name} beforeReplace={beforeReplace} onReplaced={onReplaced} now={now} />
          </details>
        ) : null}
      </section>

      <section role="tabpanel" id="panel-sharing" aria-labelledby="tab-sharing" hidden={tab !== 'sharing'}>
        <SharingPanel db={db} current={shown?.playbook ?? null} managed={Boolean(managed)} download={download} beforeReplace={beforeReplace} loadCurrent={loadCurrent} onReplaced={onReplaced} now={now} />
      </section>

      <section role="tabpanel" id="panel-scorecards" aria-labelledby="tab-scorecards" hidden={tab !== 'scorecards'}>
        {tab === 'scorecards' ? (
          <>
            <TeamView db={db} now={now} createFiguresRunner={createTeamFiguresRunner} />
            <PausedDeals db={db} now={now} />
          </>
        ) : null}
      </section>

      <section role="tabpanel" id="panel-forecast" aria-labelledby="tab-forecast" hidden={tab !== 'forecast'}>
        {tab === 'forecast' ? <ForecastView db={db} now={now} createFiguresRunner={createTeamFiguresRunner} /> : null}
      </section>

      <section role="tabpanel" id="panel-projection" aria-labelledby="tab-projection" hidden={tab !== 'projection'}>
        {tab === 'projection' ? <ProjectionView db={db} now={now} createRunner={createProjectionRunner} /> : null}
      </section>

      <section role="tabpanel" id="panel-kpis" aria-labelledby="tab-kpis" hidden={tab !== 'kpis'}>
        {tab === 'kpis' ? <KpiView db={db} now={now} createFiguresRunner={createTeamFiguresRunner} /> : null}
      </section>

      <section role="tabpanel" id="panel-maturity" aria-labelledby="tab-maturity" hidden={tab !== 'maturity'}>
        {tab === 'maturity' ? <MaturityView db={db} now={now} createFiguresRunner={createTeamFiguresRunner} /> : null}
      </section>

      <section role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden={tab !== 'history'}>
        <HistoryImport db={db} playbook={shown?.playbook} now={now} createRunner={createImportRunner} />
      </section>

      <section role="tabpanel" id="panel-team" aria-labelledby="tab-team" hidden={tab !== 'team'}>
        <TeamSettings db={db} settings={settings} />
        <CuesSettings db={db} settings={settings} requestNotifications={requestNotifications} />
        <RewardsSettings db={db} settings={settings} />
      </section>

      <section role="tabpanel" id="panel-connections" aria-labelledby="tab-connections" hidden={tab !== 'connections'}>
        {connections ? <Connections {...connections} db={db} now={now} /> : null}
        <WriteQueue db={db} />
        <RefusedTicks db={db} />
        {connections && syncTeam ? <TeamSyncPanel db={db} store={connections.store} start={syncTeam} now={now} createFiguresRunner={createTeamFiguresRunner} shown={tab === 'connections'} /> : null}
      </section>

      <section role="tabpanel" id="panel-automation" aria-labelledby="tab-automation" hidden={tab !== 'automation'}>
        {tab === 'automation' && runAutomation ? <AutomationTab db={db} run={runAutomation} now={now} {...(connections && { mailchimp: { store: connections.store, requestPermissions: connections.requestPermissions, ...(connections.removePermissions && { removePermissions: connections.removePermissions }) } })} /> : null}
      </section>

      <section role="tabpanel" id="panel-data" aria-labelledby="tab-data" hidden={tab !== 'data'}>
        <DataPanel db={db} download={download} beforeReplace={beforeReplace} onReplaced={onReplaced} now={now} {...(connections && { connections })} />
      </section>
    </main>
  );
}

/** `options.html#data` opens that section. */
function initialTab(): Tab {
  const hash = typeof location === 'undefined' ? '' : location.hash.replace('#', '');
  return (TABS as readonly string[]).includes(hash) ? (hash as Tab) : 'playbook';
}
