import type { StagecraftDb } from './database';
import type { StoredFigures, StoredFiguresStore } from '../team-figures/stored';

/** At most this many pages' figures are kept (the least recently worked out go first): each is a few hundred kB at most. */
export const KEPT_TEAM_FIGURES = 24;

/** The team pages' last figures in the extension's database (table `teamFigures`). */
export function dexieStoredFigures(db: StagecraftDb): StoredFiguresStore {
  return {
    async read(key) {
      const row = await db.teamFigures.get(key);
      return row ? { figures: row.figures, computedAt: row.computedAt } : null;
    },
    async write(key, stored: StoredFigures) {
      await db.transaction('rw', db.teamFigures, async () => {
        await db.teamFigures.put({ key, ...stored });
        const over = (await db.teamFigures.count()) - KEPT_TEAM_FIGURES;
        if (over > 0) await db.teamFigures.bulkDelete(await db.teamFigures.orderBy('computedAt').limit(over).primaryKeys());
      });
    },
  };
}
