import { openDatabase } from '@/lib/db/database';
import { serveTeamFigures } from '@/lib/team-figures/serve';
import { watchTeamSources } from '@/lib/db/team-sources';

// The options page's team figures worker: reads the team from the extension's database itself and
// answers the team pages' asks (lib/team-figures/serve).
serveTeamFigures(self as unknown as Parameters<typeof serveTeamFigures>[0], watchTeamSources(openDatabase()));
