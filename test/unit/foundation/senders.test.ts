import { describe, expect, it } from 'vitest';
import { checkCrmContentScript, checkExtensionPage, type Self } from '@/lib/messaging/senders';

const self: Self = { extensionId: 'abcdefghijklmnopabcdefghijklmnop', extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
const crmTab = { id: 7, url: 'https://acme.pipedrive.com/deal/12' };

describe('who may send a message', () => {
  it.each([
    ['our content script on a Pipedrive deal', { id: self.extensionId, url: crmTab.url, tab: crmTab, frameId: 0 }, true],
    ['our content script on HubSpot EU', { id: self.extensionId, url: 'https://app-eu1.hubspot.com/contacts/1/record/0-3/2', tab: { id: 3 }, frameId: 0 }, true],
    ['our content script on Salesforce', { id: self.extensionId, url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view', tab: { id: 3 }, frameId: 0 }, true],
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: crmTab.url, tab: crmTab, frameId: 0 }, false],
    ['a web page (no extension id)', { url: 'https://evil.example/', tab: { id: 1, url: 'https://evil.example/' } }, false],
    ['our script on a non-CRM host', { id: self.extensionId, url: 'https://pipedrive.com.evil.example/deal/1', tab: { id: 2 }, frameId: 0 }, false],
    ['a look-alike host', { id: self.extensionId, url: 'https://evilpipedrive.com/deal/1', tab: { id: 2 }, frameId: 0 }, false],
    ['plain http', { id: self.extensionId, url: 'http://acme.pipedrive.com/deal/1', tab: { id: 2 }, frameId: 0 }, false],
    ['a sub-frame of a CRM page', { id: self.extensionId, url: crmTab.url, tab: crmTab, frameId: 3 }, false],
    ['an extension page (no tab)', { id: self.extensionId, url: `${self.extensionOrigin}sidepanel.html` }, false],
  ])('content-script channel: %s', (_name, sender, allowed) => {
    expect(checkCrmContentScript(sender, self).ok).toBe(allowed);
  });

  it.each([
    ['the side panel', { id: self.extensionId, url: `${self.extensionOrigin}sidepanel.html?tab=4` }, true],
    ['the options page in a tab', { id: self.extensionId, url: `${self.extensionOrigin}options.html`, tab: { id: 9 } }, true],
    ['our content script', { id: self.extensionId, url: crmTab.url, tab: crmTab, frameId: 0 }, false],
    ['another extension’s page', { id: 'other', url: 'chrome-extension://other/page.html' }, false],
    ['a web page', { url: 'https://evil.example/' }, false],
  ])('extension-page channel: %s', (_name, sender, allowed) => {
    expect(checkExtensionPage(sender, self).ok).toBe(allowed);
  });
});
