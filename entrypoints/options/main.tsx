import { render } from 'preact';
import '@/components/styles/theme.css';
import '@/components/options/options.css';
import { openDatabase } from '@/lib/db/database';
import { Options } from '@/components/options/Options';
import { I18nProvider } from '@/components/i18n';
import { useLocale } from '@/components/hooks/useLocale';

const db = openDatabase();

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <Options db={db} />
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
