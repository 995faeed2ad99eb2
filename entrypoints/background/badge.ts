import { badgeOf } from '@/lib/my-day/cues';

// One toolbar badge, two sources: failed CRM writes (red, with a title saying why) and, when the
// rep switched it on, My day's count. Each source reports its part; the badge shows badgeOf().

const parts: { failedWrites: number; writesTitle: string; myDay: number | null; myDayTitle: string } = { failedWrites: 0, writesTitle: '', myDay: null, myDayTitle: '' };
let shown: string | null = null;

const toolbar = () => browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;

async function render(): Promise<void> {
  const action = toolbar();
  if (!action) return;
  const badge = badgeOf(parts.failedWrites, parts.myDay);
  const title = badge.tone === 'error' ? parts.writesTitle : badge.tone === 'info' ? parts.myDayTitle : browser.runtime.getManifest().name;
  const key = `${badge.text}|${badge.tone}|${title}`;
  if (key === shown) return;
  shown = key;
  await action.setBadgeText({ text: badge.text });
  if (badge.tone) await action.setBadgeBackgroundColor({ color: badge.tone === 'error' ? '#b42318' : '#1d4ed8' });
  await action.setTitle({ title });
}

export function showFailedWrites(count: number, title: string): Promise<void> {
  parts.failedWrites = count;
  parts.writesTitle = title;
  return render();
}

/** `count` null: the rep has not asked for My day's count on the badge. */
export function showMyDayCount(count: number | null, title: string): Promise<void> {
  parts.myDay = count;
  parts.myDayTitle = title;
  return render();
}
