import { serveImportSession } from '@/lib/history-import/runner';

// The options page's history-import worker: answers the page's requests (lib/history-import/runner).
serveImportSession(self as unknown as Parameters<typeof serveImportSession>[0]);
