import { render } from 'preact';
import '@/components/styles/theme.css';
import '@/components/options/options.css';
import '@/components/connections/connections.css';
import '@/components/automation/automation.css';
import { storageAreaStore } from '@/lib/crm/api';
import type { ConnectionsProps, PermissionRequest } from '@/components/connections/Connections';
import { openDatabase } from '@/lib/db/database';
import { browserPermissions } from '@/lib/extension/data-collection';
import { Options } from '@/components/options/Options';
import { I18nProvider } from '@/components/i18n';
import { CrmWriteBackProvider } from '@/components/common/CrmWriteBack';
import { browserCrmWriteBack } from '../sidepanel/crm-write-back';
import { useLocale } from '@/components/hooks/useLocale';
import { createHistoryImportRunner } from './history-import-runner';
import { createProjectionRunner } from './projection-runner';
import { createTeamFiguresRunner } from './team-figures-runner';
import { sendMessage } from '@/lib/messaging';
import type { CrmId } from '@/lib/model/deal';
import type { AutomationOp } from '@/lib/messaging/protocol';

const db = openDatabase();
// Permission requests are passed straight through: the component calls them inside the click.
// Firefox asks for the connection's data consent in the same prompt as its host; Chrome has none.
const asPermissions = (request: PermissionRequest) => browserPermissions(request, import.meta.env.FIREFOX) as chrome.permissions.Permissions;
const connections: ConnectionsProps = {
  store: storageAreaStore(browser.storage.local),
  requestPermissions: (request) => browser.permissions.request(asPermissions(request)),
  hasPermissions: (request) => browser.permissions.contains(asPermissions(request)),
  removePermissions: (request) => browser.permissions.remove(asPermissions(request)),
};

const syncTeam = (crm: CrmId) => void sendMessage('syncTeam', { crm, full: false }).catch((error) => console.warn('[Stagecraft] could not start the team sync:', String(error)));

const runAutomation = (op: AutomationOp) => sendMessage('automation', { op });

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <CrmWriteBackProvider value={browserCrmWriteBack}>
        <Options db={db} connections={connections} createImportRunner={createHistoryImportRunner} createProjectionRunner={() => createProjectionRunner(db)} createTeamFiguresRunner={() => createTeamFiguresRunner(db)} syncTeam={syncTeam} requestNotifications={() => browser.permissions.request({ permissions: ['notifications'] })} runAutomation={runAutomation} />
      </CrmWriteBackProvider>
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
