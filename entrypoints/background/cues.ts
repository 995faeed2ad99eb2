import { liveQuery } from 'dexie';
import type { StagecraftDb } from '@/lib/db/database';
import { loadMyDay } from '@/lib/db/my-day';
import { wakeDuePauses } from '@/lib/db/pauses';
import { loadSettings } from '@/lib/db/settings';
import { createTranslator, resolveLocale, type Translate } from '@/lib/i18n';
import { formatDate } from '@/lib/i18n/format';
import { isMyDeal } from '@/lib/my-day/my-day';
import { isWorkday, nextReminderAt, overdueOnMyDeals, overdueToNotify } from '@/lib/my-day/cues';
import { calendarDay } from '@/lib/playbook/days';
import type { Settings } from '@/lib/model/settings.schema';
import { showMyDayCount } from './badge';

// The rep's cues, from the background: paused deals wake on their day, My day's count on the badge
// (when asked for), a reminder at the chosen time on workdays, and a notification when a task on
// one of my deals becomes overdue or a paused deal of mine wakes. Notifications only with the
// optional `notifications` permission, each switchable on the options page.

export const CUES_ALARM = 'stagecraft-cues';
export const REMINDER_ALARM = 'stagecraft-daily-reminder';
const CHECK_EVERY_MINUTES = 15;
const NOTIFIED_KEY = 'cues.notifiedOverdue';
const DEAL_NOTIFICATION = 'stagecraft-deal:';

const offsetOf = (at: Date) => -at.getTimezoneOffset();
const translatorFor = (settings: Settings): Translate => createTranslator(resolveLocale(settings.locale, navigator.languages));

async function canNotify(): Promise<boolean> {
  if (!browser.notifications) return false;
  return browser.permissions.contains({ permissions: ['notifications'] }).catch(() => false);
}

function notify(id: string, title: string, message: string): Promise<unknown> {
  return browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
}

/** Wakes due pauses, refreshes the badge and sends the overdue/wake notifications due now. */
export async function checkCues(db: StagecraftDb, now: Date = new Date()): Promise<void> {
  const offset = offsetOf(now);
  const settings = await loadSettings(db);
  const t = translatorFor(settings);
  const woken = await wakeDuePauses(db, calendarDay(now, offset), now);
  const day = await loadMyDay(db, now, offset);
  await showMyDayCount(settings.myDayBadge && day ? day.items.length : null, t('cues.badge', { count: day?.items.length ?? 0 }));
  if (!day || !settings.overdueNotifications || !(await canNotify())) return;

  for (const pause of woken) {
    const deal = await db.deals.get(pause.dealKey);
    if (!deal || !settings.me[deal.crm].trim() || !isMyDeal(deal, settings.me)) continue;
    await notify(`${DEAL_NOTIFICATION}${deal.key}`, t('cues.woke.title', { deal: deal.snapshot.title ?? t('deal.unknown') }), pause.reason);
  }
  const stored = (await browser.storage.local.get(NOTIFIED_KEY))[NOTIFIED_KEY];
  const { notify: fresh, remember } = overdueToNotify(overdueOnMyDeals(day, settings.me), Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : []);
  if (fresh.length === 1) {
    const [task] = fresh;
    await notify(`${DEAL_NOTIFICATION}${task!.item.dealKey}`, t('cues.overdue.title', { task: task!.task }), t('cues.overdue.body', { deal: task!.item.title ?? t('deal.unknown'), date: formatDate(task!.dueDate, resolveLocale(settings.locale, navigator.languages)) }));
  } else if (fresh.length > 1) {
    await notify('stagecraft-overdue', t('cues.overdue.many', { count: fresh.length }), fresh.slice(0, 4).map((task) => `${task.task} · ${task.item.title ?? t('deal.unknown')}`).join('\n'));
  }
  await browser.storage.local.set({ [NOTIFIED_KEY]: remember });
}

/** The daily reminder: on a workday, the count of what needs me (nothing when nothing does). */
async function remind(db: StagecraftDb): Promise<void> {
  const now = new Date();
  const settings = await loadSettings(db);
  if (!settings.dailyReminder.enabled || !isWorkday(now, offsetOf(now)) || !(await canNotify())) return;
  const day = await loadMyDay(db, now, offsetOf(now));
  if (!day?.items.length) return;
  const t = translatorFor(settings);
  await notify('stagecraft-my-day', t('cues.reminder.title'), t('cues.reminder.body', { count: day.items.length }));
}

async function scheduleReminder(db: StagecraftDb): Promise<void> {
  const settings = await loadSettings(db);
  if (!settings.dailyReminder.enabled) return void (await browser.alarms.clear(REMINDER_ALARM));
  const now = new Date();
  const when = nextReminderAt(now, settings.dailyReminder.time, offsetOf(now)).getTime();
  const existing = await browser.alarms.get(REMINDER_ALARM);
  if (existing?.scheduledTime !== when) await browser.alarms.create(REMINDER_ALARM, { when });
}

export function registerCues(db: StagecraftDb): void {
  const run = (job: () => Promise<void>) => void job().catch((error: unknown) => console.warn('[Stagecraft] cues:', String(error)));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CUES_ALARM) run(() => checkCues(db));
    if (alarm.name === REMINDER_ALARM) run(async () => {
      await remind(db);
      await scheduleReminder(db);
    });
  });
  browser.notifications?.onClicked.addListener((id) => {
    if (!id.startsWith(DEAL_NOTIFICATION)) return;
    run(async () => {
      const deal = await db.deals.get(id.slice(DEAL_NOTIFICATION.length));
      if (deal) await browser.tabs.create({ url: deal.url });
      await browser.notifications.clear(id);
    });
  });
  // The badge follows every change at once; the switches reschedule the reminder.
  liveQuery(() => loadSettings(db).then((s) => `${s.myDayBadge}|${s.dailyReminder.enabled}|${s.dailyReminder.time}|${s.overdueNotifications}`)).subscribe({
    next: () => run(async () => {
      await scheduleReminder(db);
      await checkCues(db);
    }),
  });
  liveQuery(async () => (await loadSettings(db)).myDayBadge ? (await loadMyDay(db, new Date(), offsetOf(new Date())))?.items.length ?? 0 : null).subscribe({
    next: (count) => run(async () => {
      const settings = await loadSettings(db);
      await showMyDayCount(count, translatorFor(settings)('cues.badge', { count: count ?? 0 }));
    }),
  });
  run(async () => {
    if (!(await browser.alarms.get(CUES_ALARM))) await browser.alarms.create(CUES_ALARM, { delayInMinutes: 1, periodInMinutes: CHECK_EVERY_MINUTES });
  });
}
