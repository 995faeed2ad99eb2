import { isCrmAppUrl } from '../extension/hosts';

// Who may send what. Pure: the background passes in its own id and origin.

/** The parts of runtime.MessageSender we rely on. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface Self {
  extensionId: string;
  /** e.g. `chrome-extension://<id>/` */
  extensionOrigin: string;
}

export type SenderKind = 'extensionPage' | 'crmContentScript';

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** An extension page of ours: side panel, popup, options (also when shown in a tab). */
export function checkExtensionPage(sender: SenderInfo, self: Self): SenderVerdict {
  if (sender.id !== self.extensionId) return { ok: false, reason: 'sender is not this extension' };
  if (!sender.url || !sender.url.startsWith(self.extensionOrigin)) return { ok: false, reason: 'sender is not an extension page' };
  return { ok: true };
}

/** Our content script, in the top frame of a tab on a CRM host. */
export function checkCrmContentScript(sender: SenderInfo, self: Self): SenderVerdict {
  if (sender.id !== self.extensionId) return { ok: false, reason: 'sender is not this extension' };
  if (!sender.tab || typeof sender.tab.id !== 'number') return { ok: false, reason: 'sender is not a tab' };
  if (sender.frameId !== undefined && sender.frameId !== 0) return { ok: false, reason: 'sender is not the top frame' };
  const url = sender.url ?? sender.tab.url;
  if (!isCrmAppUrl(url)) return { ok: false, reason: 'sender tab is not on a CRM host' };
  return { ok: true };
}

export function checkSender(kind: SenderKind, sender: SenderInfo, self: Self): SenderVerdict {
  return kind === 'extensionPage' ? checkExtensionPage(sender, self) : checkCrmContentScript(sender, self);
}
