import { detailText } from '@/lib/i18n/detail-text';
import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { updateKpiInputs } from '@/lib/db/kpi-inputs';
import { cleanSpend, parseSpendCsv, type KpiInputs } from '@/lib/kpi';
import { spendEntrySchema } from '@/lib/model/kpi-inputs.schema';
import type { HistoryPipeline } from '@/lib/metrics/history.schema';
import { formatMoney } from '@/lib/i18n/format';
import { useI18n } from '../i18n';

/** Percent text → share 0–1; '' → null; anything else → undefined (invalid). */
function shareOf(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : undefined;
}
const percentText = (share: number | null) => (share === null ? '' : String(Math.round(share * 10000) / 100));

/** The inputs the manager enters: churn, margin, renewals pipeline, and marketing spend (typed or CSV). */
export function KpiInputsForm({ db, inputs, pipelines, channels, currency }: { db: StagecraftDb; inputs: KpiInputs; pipelines: readonly HistoryPipeline[]; channels: string[]; currency: string }) {
  const { t, locale } = useI18n();
  const [churn, setChurn] = useState(percentText(inputs.annualChurn));
  const [margin, setMargin] = useState(percentText(inputs.grossMargin));
  const [row, setRow] = useState({ month: '', channel: '', amount: '' });
  const [message, setMessage] = useState<{ text: string; lines?: string[]; tone?: 'error' } | null>(null);

  const save = async (change: (current: KpiInputs) => Partial<KpiInputs>, text = t('kpi.saved')) => {
    await updateKpiInputs(db, change);
    setMessage({ text });
  };
  const saveShare = (field: 'annualChurn' | 'grossMargin', text: string) => {
    const value = shareOf(text);
    if (value === undefined) return setMessage({ text: t('kpi.percentError'), tone: 'error' });
    void save(() => ({ [field]: value }));
  };
  const addRow = () => {
    const entry = spendEntrySchema.safeParse({ month: row.month, channel: row.channel, amount: row.amount.trim() === '' ? Number.NaN : Number(row.amount.replace(',', '.')) });
    if (!entry.success) return setMessage({ text: t('kpi.spendInvalid'), tone: 'error' });
    setRow({ month: row.month, channel: '', amount: '' });
    void save((current) => ({ spend: cleanSpend([...current.spend, entry.data]) }));
  };
  const importCsv = async (file: File) => {
    const result = parseSpendCsv(await file.text());
    if (result.errors.length)
      return setMessage({ text: t('kpi.spendImportErrors'), tone: 'error', lines: result.errors.map((e) => t('kpi.spendImportLine', { line: e.line, message: detailText({ detail: e.message, note: e.note }, t, locale) })) });
    await save((current) => ({ spend: cleanSpend([...current.spend, ...result.entries]) }), t('kpi.spendImported', { count: result.entries.length }));
  };

  return (
    <section class="kpi-inputs" aria-labelledby="kpi-inputs-title" data-testid="kpi-inputs">
      <h3 id="kpi-inputs-title">{t('kpi.inputsTitle')}</h3>
      <p class="muted">{t('kpi.inputsIntro')}</p>
      <div class="kpi-grid">
        <div class="field">
          <label for="kpi-churn">{t('kpi.churn')}</label>
          <input id="kpi-churn" inputMode="decimal" value={churn} onInput={(e) => setChurn(e.currentTarget.value)} onChange={(e) => saveShare('annualChurn', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="kpi-margin">{t('kpi.margin')}</label>
          <input id="kpi-margin" inputMode="decimal" value={margin} onInput={(e) => setMargin(e.currentTarget.value)} onChange={(e) => saveShare('grossMargin', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="kpi-renewals">{t('kpi.renewals')}</label>
          <select id="kpi-renewals" value={inputs.renewalsPipeline ?? ''} onChange={(e) => {
            const renewalsPipeline = e.currentTarget.value || null;
            void save(() => ({ renewalsPipeline }));
          }}>
            <option value="">{t('kpi.renewalsNone')}</option>
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>{p.name || p.id}</option>
            ))}
          </select>
        </div>
      </div>

      <h4>{t('kpi.spendTitle')}</h4>
      <div class="kpi-grid">
        <div class="field">
          <label for="kpi-spend-month">{t('kpi.spendMonth')}</label>
          <input id="kpi-spend-month" type="month" value={row.month} onInput={(e) => setRow({ ...row, month: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="kpi-spend-channel">{t('kpi.spendChannel')}</label>
          <input id="kpi-spend-channel" list="kpi-channels" value={row.channel} onInput={(e) => setRow({ ...row, channel: e.currentTarget.value })} />
          <datalist id="kpi-channels">
            {channels.filter(Boolean).map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for="kpi-spend-amount">{t('kpi.spendAmount')}</label>
          <input id="kpi-spend-amount" inputMode="decimal" value={row.amount} onInput={(e) => setRow({ ...row, amount: e.currentTarget.value })} />
        </div>
        <button type="button" onClick={addRow}>{t('kpi.spendAdd')}</button>
      </div>
      <div class="field">
        <label for="kpi-spend-file">{t('kpi.spendImport')}</label>
        <input id="kpi-spend-file" type="file" accept=".csv,text/csv" onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void importCsv(file);
          e.currentTarget.value = '';
        }} />
      </div>
      <div role="status" aria-live="polite" class={message?.tone === 'error' ? 'team-warning' : 'muted'} data-testid="kpi-inputs-status" hidden={!message}>
        {message?.text}
        {message?.lines ? (
          <ul>
            {message.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {inputs.spend.length === 0 ? (
        <p class="muted">{t('kpi.spendNone')}</p>
      ) : (
        <ul class="kpi-spend" data-testid="kpi-spend">
          {[...inputs.spend].reverse().map((s) => (
            <li key={`${s.month}/${s.channel}`}>
              {s.month} · {s.channel} · {formatMoney(s.amount, currency, locale)}{' '}
              <button type="button" class="link-button" aria-label={t('kpi.spendRemove', { channel: s.channel, month: s.month })} onClick={() => void save((current) => ({ spend: current.spend.filter((x) => x.month !== s.month || x.channel !== s.channel) }))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
