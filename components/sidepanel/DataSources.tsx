import type { ApiState } from '@/lib/background/crm-sync';
import { describeApiProblem, MERGED_FIELDS } from '@/lib/crm/api';
import type { CrmId } from '@/lib/model/deal';
import { useI18n } from '../i18n';
import { typeLabel } from '@/lib/activities/describe';

const CRM_NAME = { pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot', salesforce: 'crm.salesforce' } as const;

/** Where the deal's figures come from (the page or the CRM's API, and when), and why the API is missing. */
export function DataSources({ api, crm, loggedHere = new Set() }: { api: ApiState | undefined; crm: CrmId; /** CRM activity ids Stagecraft wrote (listed in the history already). */ loggedHere?: ReadonlySet<string> }) {
  const { t, locale } = useI18n();
  if (!api) return null;
  const fromCrm = api.activities.filter((activity) => !loggedHere.has(activity.id));
  const time = (iso: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  const fromApi = MERGED_FIELDS.filter((field) => api.sources[field] === 'api');
  return (
    <div class="data-sources muted small" data-testid="data-sources">
      {fromApi.length && api.readAt.api ? (
        <p title={fromApi.join(', ')}>
          {t('connections.source.api', { crm: t(CRM_NAME[crm]) })} · {t('connections.source.readAt', { time: time(api.readAt.api) })}
        </p>
      ) : (
        <p>{t('connections.source.dom')} · {t('connections.source.readAt', { time: time(api.readAt.dom) })}</p>
      )}
      {api.apiProblem ? <p class="warning" role="status" data-testid="api-problem">{describeApiProblem(t, api.apiProblem, crm)}</p> : null}
      {fromCrm.length ? (
        <details class="crm-activities" data-testid="crm-activities">
          <summary>{t('history.title')} · {t('connections.source.api', { crm: t(CRM_NAME[crm]) })} ({fromCrm.length})</summary>
          <ul>
            {fromCrm.slice(0, 20).map((activity) => (
              <li key={activity.id}>
                <strong>{typeLabel(t, activity.type)}</strong> {activity.subject} · {new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(new Date(activity.at))}
                {activity.done ? ' ✓' : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
