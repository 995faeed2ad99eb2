import { describe, expect, it } from 'vitest';
import { buildManifest } from '@/lib/extension/manifest';
import { CRM_MATCH_PATTERNS, isCrmAppUrl } from '@/lib/extension/hosts';

describe('manifest permissions', () => {
  const manifest = buildManifest('chrome');
  it('asks for no broad host access and no tabs permission', () => {
    const everything = JSON.stringify(manifest);
    expect(everything).not.toContain('<all_urls>');
    expect(everything).not.toMatch(/"\*:\/\/\*\/\*"/);
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'sidePanel']);
    expect(manifest.optional_permissions).toEqual(['cookies']);
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

  it('has a Firefox build without the Chrome-only side panel permission', () => {
    const firefox = buildManifest('firefox');
    expect(firefox.permissions).not.toContain('sidePanel');
    expect(firefox).toHaveProperty('browser_specific_settings.gecko.id');
    expect(firefox.optional_permissions).toContain('https://api.hubapi.com/*');
  });

  it.each([
    ['https://acme.pipedrive.com/deal/1', true],
    ['https://app-eu1.hubspot.com/contacts/1/record/0-3/2', true],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006/view', true],
    ['https://www.hubspot.com/', false],
    ['https://evil.example/?https://acme.pipedrive.com', false],
    ['https://acme.pipedrive.com.evil.example/', false],
    ['not a url', false],
  ])('isCrmAppUrl(%s) = %s', (url, expected) => {
    expect(isCrmAppUrl(url)).toBe(expected);
  });
});
