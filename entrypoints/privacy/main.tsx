import { render } from 'preact';
import '@/components/styles/theme.css';
import '@/components/privacy/privacy.css';
import { openDatabase } from '@/lib/db/database';
import { I18nProvider } from '@/components/i18n';
import { useLocale } from '@/components/hooks/useLocale';
import { PrivacyPolicy } from '@/components/privacy/PrivacyPolicy';

const db = openDatabase();

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <PrivacyPolicy />
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
