import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildManifest } from '@/lib/extension/manifest';
import { CRM_EXCLUDE_MATCH_PATTERNS, CRM_MATCH_PATTERNS, isCrmAppUrl } from '@/lib/extension/hosts';
import { browserPermissions, CRM_DATA_COLLECTION, hostsOnly, MAILCHIMP_DATA_COLLECTION } from '@/lib/extension/data-collection';

describe('manifest permissions', () => {
  const manifest = buildManifest('chrome');
  it('asks for no broad host access and no tabs permission', () => {
    const everything = JSON.stringify(manifest);
    expect(everything).not.toContain('<all_urls>');
    expect(everything).not.toMatch(/"\*:\/\/\*\/\*"/);
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'sidePanel']);
    expect(manifest.optional_permissions).toEqual(['cookies', 'notifications']);
    // Each API host only when its connection is made: the three CRMs' and Mailchimp's data centres.
    expect((manifest as { optional_host_permissions?: string[] }).optional_host_permissions).toEqual(['https://*.pipedrive.com/api/*', 'https://api.hubapi.com/*', 'https://*.my.salesforce.com/*', 'https://*.api.mailchimp.com/*']);
  });

  it('runs only on the three CRMs’ app hosts', () => {
    expect(CRM_MATCH_PATTERNS).toEqual([
      'https://*.pipedrive.com/*',
      'https://app.hubspot.com/*',
      'https://app-eu1.hubspot.com/*',
      'https://app-na2.hubspot.com/*',
      'https://app-na3.hubspot.com/*',
      'https://app-ap1.hubspot.com/*',
      'https://*.lightning.force.com/*',
    ]);
  });

  it('leaves Pipedrive\'s own sites out (only company app hosts)', () => {
    for (const site of ['www', 'developers', 'status', 'support', 'marketplace', 'api', 'oauth']) expect(CRM_EXCLUDE_MATCH_PATTERNS).toContain(`https://${site}.pipedrive.com/*`);
    expect(CRM_EXCLUDE_MATCH_PATTERNS.every((p) => /^https:\/\/[a-z]+\.pipedrive\.com\/\*$/.test(p))).toBe(true);
  });

  it('has a Firefox build without the Chrome-only side panel permission', () => {
    const firefox = buildManifest('firefox');
    expect(firefox.permissions).not.toContain('sidePanel');
    expect(firefox).toHaveProperty('browser_specific_settings.gecko.id');
    expect(firefox.optional_permissions).toContain('https://api.hubapi.com/*');
  });

  it('declares Firefox\'s data consent: nothing required, what the optional connections send as optional', () => {
    const gecko = (buildManifest('firefox') as { browser_specific_settings: { gecko: Record<string, unknown> } }).browser_specific_settings.gecko;
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'], optional: ['websiteContent', 'personalCommunications', 'authenticationInfo', 'personallyIdentifyingInfo'] });
    // The first Firefox that knows the key and can ask for the consent at run time.
    expect(gecko.strict_min_version).toBe('140.0');
    // Every kind is one of Mozilla's optional personal-data kinds.
    const kinds = ['personallyIdentifyingInfo', 'healthInfo', 'financialAndPaymentInfo', 'authenticationInfo', 'personalCommunications', 'locationInfo', 'browsingActivity', 'websiteContent', 'websiteActivity', 'searchTerms', 'bookmarksInfo'];
    for (const kind of [...CRM_DATA_COLLECTION, ...MAILCHIMP_DATA_COLLECTION]) expect(kinds).toContain(kind);
    expect(JSON.stringify(buildManifest('chrome'))).not.toContain('data_collection');
  });

  it('asks Firefox for a connection\'s consent with its host; Chrome for the host only', () => {
    const request = { permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'], dataCollection: CRM_DATA_COLLECTION };
    expect(browserPermissions(request, true)).toEqual({ permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'], data_collection: ['websiteContent', 'personalCommunications', 'authenticationInfo'] });
    expect(browserPermissions(request, false)).toEqual({ permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'] });
    expect(browserPermissions(hostsOnly(request), true)).toEqual({ permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'] });
  });

  it.each([
    ['https://acme.pipedrive.com/deal/1', true],
    ['https://app-eu1.hubspot.com/contacts/1/record/0-3/2', true],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006/view', true],
    ['https://www.hubspot.com/', false],
    ['https://www.pipedrive.com/en/features', false],
    ['https://developers.pipedrive.com/docs/api/v1', false],
    ['https://status.pipedrive.com/', false],
    ['https://a.b.pipedrive.com/deal/1', false],
    ['https://acme.lightning.force.com.evil.example/', false],
    ['https://evil.example/?https://acme.pipedrive.com', false],
    ['https://acme.pipedrive.com.evil.example/', false],
    ['not a url', false],
  ])('isCrmAppUrl(%s) = %s', (url, expected) => {
    expect(isCrmAppUrl(url)).toBe(expected);
  });
});

describe('store listing texts', () => {
  const localesDir = resolve(import.meta.dirname, '../../../public/_locales');
  const locales = readdirSync(localesDir);
  it('ships every language the extension speaks', () => {
    expect(locales.sort()).toEqual(['en', 'it', 'nl', 'no', 'sv']);
  });
  it.each(locales)('%s: the description fits the Chrome Web Store’s 132 characters and every manifest text is there', (locale) => {
    const messages = JSON.parse(readFileSync(resolve(localesDir, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    expect([...messages.extDescription!.message].length).toBeLessThanOrEqual(132);
    expect(messages.extName!.message.length).toBeLessThanOrEqual(75);
    for (const key of ['extName', 'extDescription', 'actionTitle', 'commandQuickLog', 'commandSidePanel']) expect(messages[key]?.message, key).toBeTruthy();
  });
  it('the manifest’s texts all come from the locale files', () => {
    const manifest = buildManifest('chrome');
    expect([manifest.name, manifest.description, manifest.action.default_title]).toEqual(['__MSG_extName__', '__MSG_extDescription__', '__MSG_actionTitle__']);
  });
});
