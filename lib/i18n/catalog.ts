import { connections } from './messages/connections';
import { core } from './messages/core';
import { crmWrites } from './messages/crm-writes';
import { historyImport } from './messages/history';
import { myDayMessages } from './messages/my-day';
import { options } from './messages/options';
import { playbook } from './messages/playbook';
import { playbookConflicts } from './messages/playbook-conflicts';
import { projection } from './messages/projection';
import { kpi } from './messages/kpi';
import { quicklog } from './messages/quicklog';
import { scorecard } from './messages/scorecard';
import { scripts } from './messages/scripts';
import { team } from './messages/team';
import { teamSync } from './messages/team-sync';
import { automation } from './messages/automation';
import { teamEvidence } from './messages/team-evidence';
import { mailchimp } from './messages/mailchimp';
import { charts } from './messages/charts';
import { rewards } from './messages/rewards';
import { details } from './messages/details';
import { privacy } from './messages/privacy';
import { causes } from './messages/causes';

// Every feature's messages. A feature adds its own file under messages/ and one line here.
export const CATALOG = [core, options, playbook, quicklog, scorecard, team, connections, historyImport, crmWrites, scripts, projection, myDayMessages, kpi, teamSync, automation, teamEvidence, mailchimp, playbookConflicts, charts, rewards, details, privacy, causes] as const;
