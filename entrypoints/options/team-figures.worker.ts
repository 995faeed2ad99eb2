import { openDatabase } from '@/lib/db/database';
import { serveTeamFigures } from '@/lib/team-figures/serve';
import { watchTeamSources } from '@/lib/db/team-sources';
import { dexieStoredFigures } from '@/lib/db/team-figures';

// The options page's team figures worker: reads the team from the extension's database itself and
// answers the team pages' and the side panel scorecard's asks (lib/team-figures/serve), at first with their figures as last worked out.
const db = openDatabase();
serveTeamFigures(self as unknown as Parameters<typeof serveTeamFigures>[0], watchTeamSources(db), { store: dexieStoredFigures(db), now: () => Date.now() });
