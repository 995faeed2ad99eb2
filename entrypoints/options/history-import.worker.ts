import { openDatabase } from '@/lib/db/database';
import { saveImportedHistory } from '@/lib/db/histories';
import { serveImportSession } from '@/lib/history-import/runner';

// The options page's history-import worker: answers the page's requests (lib/history-import/runner)
// and stores a confirmed history itself (the extension's own database, as the page would), so the
// deals of a big export never cross to the page.
const db = openDatabase();
serveImportSession(self as unknown as Parameters<typeof serveImportSession>[0], (input) => saveImportedHistory(db, input, new Date()));
