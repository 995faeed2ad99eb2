import type { Finding, FindingPath, Severity } from '@/lib/checker';
import type { MessageKey } from '@/lib/i18n';
import { formatPath } from '@/lib/model/issues';
import { useI18n } from '../i18n';

const SEVERITY_KEYS: Record<Severity, MessageKey> = {
  error: 'options.severity.error',
  warning: 'options.severity.warning',
  info: 'options.severity.info',
};
const SEVERITY_ICONS: Record<Severity, string> = { error: '⛔', warning: '⚠', info: '💡' };

/** The process checker beside the editor: each finding says why and how to fix it; a click goes to the field. */
export function CheckerPanel({ findings, onGoTo }: { findings: readonly Finding[]; onGoTo(path: FindingPath): void }) {
  const { t } = useI18n();
  return (
    <aside class="checker" aria-labelledby="checker-title" data-testid="checker">
      <h2 id="checker-title">{t('options.checker.title')}</h2>
      <p class="checker__summary" role="status" aria-live="polite" data-testid="checker-summary">
        {findings.length === 0 ? t('options.checker.none') : t('options.checker.count', { count: findings.length })}
      </p>
      {findings.length > 0 ? (
        <ul class="checker__list">
          {findings.map((finding) => (
            <li key={`${finding.kind}:${formatPath(finding.path)}`}>
              <button
                type="button"
                class={`finding finding--${finding.severity}`}
                data-testid="finding"
                data-kind={finding.kind}
                data-target={formatPath(finding.path)}
                onClick={() => onGoTo(finding.path)}
              >
                <span class="finding__severity">
                  <span aria-hidden="true">{SEVERITY_ICONS[finding.severity]} </span>
                  {t(SEVERITY_KEYS[finding.severity])}
                </span>
                <span class="finding__message">{t(finding.key, finding.params)}</span>
                <span class="finding__fix">{t('options.checker.fix', { fix: t(finding.fixKey, finding.params) })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </aside>
  );
}
