import { openDatabase } from '@/lib/db/database';
import { watchTeamSources } from '@/lib/db/team-sources';
import { serveProjection } from '@/lib/projection/serve';

// The options page's projection worker: answers the Projection tab's requests (lib/projection/serve),
// reading the team from the extension's database itself, so the team's deals never cross to the page.
serveProjection(self as unknown as Parameters<typeof serveProjection>[0], watchTeamSources(openDatabase()));
