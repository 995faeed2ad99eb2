import { CRM_API_MATCH_PATTERNS, CRM_MATCH_PATTERNS, OPTIONAL_API_MATCH_PATTERNS } from './hosts';
import { FIREFOX_DATA_COLLECTION_PERMISSIONS } from './data-collection';

// The manifest as data (WXT adds the entrypoints). Minimal permissions: no <all_urls>, no `tabs`
// (the content script's match patterns already let us see CRM tab URLs); anything only some users
// need is optional. See README "Permissions and privacy".

export const QUICK_LOG_COMMAND = 'open-quick-log';
export const SIDE_PANEL_COMMAND = 'open-side-panel';

export function buildManifest(browser: string) {
  const manifest = {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Firefox's MV2 build lists optional hosts among optional permissions.
    ...(browser === 'firefox'
      ? { optional_permissions: ['cookies', 'notifications', ...OPTIONAL_API_MATCH_PATTERNS] }
      : { optional_permissions: ['cookies', 'notifications'], optional_host_permissions: OPTIONAL_API_MATCH_PATTERNS }),
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      [QUICK_LOG_COMMAND]: { suggested_key: { default: 'Alt+Shift+L' }, description: '__MSG_commandQuickLog__' },
      [SIDE_PANEL_COMMAND]: { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandSidePanel__' },
    },
    // Administrators can push the team playbook through browser policy.
    storage: { managed_schema: 'managed-schema.json' },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    ...(browser === 'firefox'
      ? // Firefox 140 is the first with built-in data consent (the declaration and its prompt).
        { browser_specific_settings: { gecko: { id: 'stagecraft@stagecraft.app', strict_min_version: '140.0', data_collection_permissions: FIREFOX_DATA_COLLECTION_PERMISSIONS } } }
      : { minimum_chrome_version: '116' }),
  };
  return manifest;
}

export { CRM_MATCH_PATTERNS, CRM_API_MATCH_PATTERNS };
