import { useMemo, useRef } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadMyDay } from '@/lib/db/my-day';
import type { MyDayItem, MyDayReason } from '@/lib/my-day/my-day';
import { formatDate, formatMoney } from '@/lib/i18n/format';
import type { Translate } from '@/lib/i18n';
import type { Locale } from '@/lib/model/settings.schema';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useMinuteClock } from '../hooks/useMinuteClock';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';

export interface MyDayProps {
  db: StagecraftDb;
  now?: () => Date;
  onOpenDeal(url: string): void;
  onOpenOptions(): void;
}

export function reasonText(t: Translate, locale: Locale, reason: MyDayReason): string {
  switch (reason.kind) {
    case 'overdue':
      return t('myday.reason.overdue', { task: reason.task, date: formatDate(reason.dueDate, locale) });
    case 'woke':
      return t('myday.reason.woke', { reason: reason.reason });
    case 'closeDatePassed':
      return t('myday.reason.closeDatePassed', { date: formatDate(reason.closeDate, locale) });
    case 'stalled':
      return t('myday.reason.stalled', { days: reason.days, limit: reason.limit });
    case 'dueToday':
      return t('myday.reason.dueToday', { task: reason.task });
    case 'noNextActivity':
      return t('myday.reason.noNextActivity');
  }
}

const systemNow = () => new Date();

/** One list across all my open deals: what is late, due, stalled or unplanned, most important first. */
export function MyDay({ db, now = systemNow, onOpenDeal, onOpenOptions }: MyDayProps) {
  const { t, locale } = useI18n();
  const time = useMinuteClock(now);
  const data = useLiveQuery(() => loadMyDay(db, time, -time.getTimezoneOffset()), [db, time]);
  const listRef = useRef<HTMLOListElement>(null);
  const day = data.status === 'ready' ? data.value : null;
  const items = useMemo(() => day?.items ?? [], [day]);

  if (data.status === 'loading') return <Notice title={t('state.loading')} />;
  if (data.status === 'error') return <Notice tone="error" title={t('state.readError.title')}>{data.error}</Notice>;
  if (!day) return <Notice title={t('state.noPlaybook.title')} />;

  // Arrow keys move between deals (one tab stop for the whole list), Enter opens the focused one.
  const rows = () => [...(listRef.current?.querySelectorAll<HTMLElement>('[data-my-day-row]') ?? [])];
  const onKeyDown = (event: KeyboardEvent) => {
    const all = rows();
    const index = all.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: all.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = all[Math.max(0, Math.min(all.length - 1, target))]!;
    for (const row of all) row.tabIndex = row === next ? 0 : -1;
    next.focus();
  };

  return (
    <section class="my-day" aria-labelledby="my-day-heading" data-testid="my-day">
      <h2 id="my-day-heading">{t('myday.heading')}</h2>
      <p class="muted small" data-testid="my-day-summary">
        {items.length === 0 ? t('myday.empty') : t('myday.summary', { count: items.length })}
        {day.paused ? ` ${t('myday.paused', { count: day.paused })}` : ''}
      </p>
      {!day.meKnown ? (
        <p class="muted small">
          {t('myday.whoAmI')} <button type="button" class="link" onClick={onOpenOptions}>{t('action.openOptions')}</button>
        </p>
      ) : null}
      {items.length ? (
        <ol class="my-day__list" ref={listRef} onKeyDown={onKeyDown} aria-label={t('myday.heading')}>
          {items.map((item, i) => <MyDayRow key={item.dealKey} item={item} first={i === 0} onOpen={() => onOpenDeal(item.url)} />)}
        </ol>
      ) : null}
      {items.length ? <p class="muted small">{t('myday.keys')}</p> : null}
    </section>
  );
}

function MyDayRow({ item, first, onOpen }: { item: MyDayItem; first: boolean; onOpen(): void }) {
  const { t, locale } = useI18n();
  const crm = t(`crm.${item.crm}`);
  const top = item.reasons[0]!.kind;
  return (
    <li class={`my-day__item my-day__item--${top}`} data-deal-key={item.dealKey} data-testid="my-day-item">
      <button
        type="button"
        class="my-day__open"
        data-my-day-row
        tabIndex={first ? 0 : -1}
        onClick={onOpen}
        // Named by what it shows (title, stage, value, CRM); where it leads is its description.
        title={t('myday.open', { crm })}
      >
        <span class="my-day__title">{item.title ?? t('deal.unknown')}</span>
        <span class="my-day__meta">
          {item.stage ?? t('deal.unknown')}
          {item.value !== null ? ` · ${formatMoney(item.value, item.currency, locale)}` : ''} · {crm}
        </span>
      </button>
      <ul class="my-day__reasons">
        {item.reasons.map((reason, i) => (
          <li key={i} class={`my-day__reason my-day__reason--${reason.kind}`} data-reason={reason.kind}>{reasonText(t, locale, reason)}</li>
        ))}
      </ul>
    </li>
  );
}
