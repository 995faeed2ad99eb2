import { useEffect } from 'preact/hooks';
import type { MessageKey } from '@/lib/i18n';
import { useI18n } from '../i18n';

// The privacy policy the extension ships (privacy.html): what it reads, keeps and sends, in the
// reader's language. It says what README.md's "Permissions and privacy" says; keep both true.

const SECTIONS = ['reads', 'keeps', 'leaves', 'tokens', 'permissions', 'firefox', 'sharing', 'remove'] as const;

export function PrivacyPolicy() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = t('privacy.title');
  }, [t]);
  return (
    <main class="privacy">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro')}</p>
      {SECTIONS.map((id) => (
        <section key={id} aria-labelledby={`privacy-${id}`} data-section={id}>
          <h2 id={`privacy-${id}`}>{t(`privacy.${id}.title` as MessageKey)}</h2>
          <p>{t(`privacy.${id}.text` as MessageKey)}</p>
        </section>
      ))}
      <p class="muted">{t('privacy.changes')}</p>
    </main>
  );
}
