// English: the source of every message. Other locales must have exactly these keys (type-checked).
export const en = {
  'app.name': 'Stagecraft',
  'app.tagline': 'Your sales playbook, live on the deal page.',
  'state.loading': 'Reading the deal…',
  'state.notDeal.title': 'Open a deal to get guidance',
  'state.notDeal.body': 'Stagecraft works on deal pages in Pipedrive, HubSpot and Salesforce Lightning. Open a deal there and this panel shows what the stage needs and what to do next.',
  'state.notDeal.where': 'Supported: {hosts}',
  'state.readError.title': 'Could not read this deal',
  'state.readError.body': 'What failed: {detail}. Your checklists and logged activities are safe; try reloading the page.',
  'state.noPlaybook.title': 'No playbook yet',
  'state.noPlaybook.body': 'Your manager has not set up a playbook. Open the options to start from a template.',
  'state.noTab': 'No tab to follow.',
  'action.retry': 'Read again',
  'action.openOptions': 'Open options',
  'deal.stage': 'Stage',
  'deal.value': 'Value',
  'deal.owner': 'Owner',
  'deal.closeDate': 'Close date',
  'deal.pipeline': 'Pipeline',
  'deal.status.open': 'Open',
  'deal.status.won': 'Won',
  'deal.status.lost': 'Lost',
  'deal.unknown': '—',
  'deal.summary': 'Deal summary',
  'crm.pipedrive': 'Pipedrive',
  'crm.hubspot': 'HubSpot',
  'crm.salesforce': 'Salesforce',
  'popup.title': 'Quick log',
  'options.title': 'Stagecraft options',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
