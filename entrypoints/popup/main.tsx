import { render } from 'preact';
import '@/components/styles/theme.css';
import { openDatabase } from '@/lib/db/database';
import { QuickLog } from '@/components/popup/QuickLog';
import { I18nProvider } from '@/components/i18n';
import { useLocale } from '@/components/hooks/useLocale';
import { tabSourceFromLocation } from '../sidepanel/tab-source';

const db = openDatabase();
const tabs = tabSourceFromLocation(location.href);

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <QuickLog db={db} tabs={tabs} />
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
