import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { dexieTeamSyncStore } from '@/lib/db/team-sync';
import { loadTeamSources, watchTeamSources } from '@/lib/db/team-sources';
import { teamView } from '@/lib/forecast/team-view';
import { combinedHistory } from '@/lib/forecast/combined-history';
import { scorecardView } from '@/lib/metrics/view';
import { dealPageUrl } from '@/lib/crm/deal-url';
import { combineOptions, pageFigures, workerTeamFiguresRunner, type PageFigures, type TeamFiguresAsk, type TeamFiguresWorker, type WatchTeamSources } from '@/lib/team-figures';
import { serveTeamFigures, type KeptFigures } from '@/lib/team-figures/serve';
import { storedFiguresKey } from '@/lib/team-figures/stored';
import { dexieStoredFigures } from '@/lib/db/team-figures';
import { createSyncHttp, runTeamSync, teamSyncPlan } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { changeTeam, generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import { intoCrm, NOW, playbookFor, shareTicks, SINCE } from '../team-sync/ticks';

// The team pages' worker path: the page's runner and the worker's side (lib/team-figures/serve) talk
// over a real message channel — every message structured-cloned and checked against the zod contract,
// as between the options page and its module worker — and the worker reads the database itself. The
// figures that arrive are exactly those the pages computed on their own thread before, and follow a
// sync that adds deals without being asked again.

const ports: MessagePort[] = [];
let names: string[] = [];
afterEach(async () => {
  for (const port of ports.splice(0)) port.close();
  for (const name of names) await Dexie.delete(name);
  names = [];
});

/** A worker made of a message channel: `serve` answers on the far end. */
function channelWorker(serve: (port: MessagePort) => void): TeamFiguresWorker {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serve(port2);
  return {
    postMessage: (message) => port1.postMessage(message),
    addEventListener: (type: string, listener: (event: MessageEvent<unknown>) => void) => {
      if (type === 'message') port1.addEventListener('message', listener as never);
    },
    terminate: () => port1.close(),
  } as TeamFiguresWorker;
}

async function syncedTeam(name: string, world: World, account = 'hubspot'): Promise<StagecraftDb> {
  names.push(name);
  const db = openDatabase(name);
  const playbook = playbookFor('hubspot');
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await sync(db, world, 'full', NOW, account);
  return db;
}

async function sync(db: StagecraftDb, world: World, mode: 'full' | 'auto', at: number, account = 'hubspot') {
  const server = hubspotServer(world);
  const http = createSyncHttp({ fetch: server.fetch, now: () => new Date(at), sleep: async () => {} });
  const result = await runTeamSync({ plan: { ...teamSyncPlan({ crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }), account }, store: dexieTeamSyncStore(db), http, now: () => new Date(at), since: SINCE, mode });
  expect(result.status).toBe('complete');
}

/** The page side: every answer to the latest ask, in order; `next` waits for the next one. */
function page(db: StagecraftDb, watch: WatchTeamSources = watchTeamSources(db), kept: KeptFigures | null = null) {
  const runner = workerTeamFiguresRunner(() => channelWorker((port) => serveTeamFigures(port as never, watch, kept)));
  const seen: PageFigures[] = [];
  const storedAt: (number | null)[] = [];
  const errors: string[] = [];
  let waiting: (() => void) | null = null;
  const ask = (a: TeamFiguresAsk) =>
    runner.ask(
      a,
      (figures, at) => {
        seen.push(figures);
        storedAt.push(at);
        waiting?.();
      },
      (error) => {
        errors.push(error);
        waiting?.();
      },
    );
  /** Resolves once `count` answers (or an error) arrived in all. */
  const answers = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (seen.length >= count || errors.length ? resolve() : (waiting = check));
      check();
    });
  return { runner, seen, storedAt, errors, ask, answers };
}

/** The database's sources, held back until `release` (a large team still being read). */
function heldWatch(db: StagecraftDb): { watch: WatchTeamSources; release(): void } {
  let open = false;
  const held: (() => void)[] = [];
  const watch: WatchTeamSources = (next, fail) =>
    watchTeamSources(db)((sources) => {
      if (open) next(sources);
      else held.push(() => next(sources));
    }, fail);
  return { watch, release: () => ((open = true), held.splice(0).forEach((go) => go())) };
}

function sharingTeam(seed: number, deals: number): World {
  const world = generateTeam({ crm: 'hubspot', seed, deals, owners: 5, now: NOW });
  const { ticks } = shareTicks(world);
  intoCrm(world, ticks, new Set(groundTruth(world, SINCE).deals.map((d) => d.id)));
  return world;
}

describe('team figures worker', () => {
  it('the Team page’s figures are teamView’s on the same sources for the period asked, and follow a sync that changes the team', async () => {
    const world = sharingTeam(81, 180);
    const db = await syncedTeam('team-figures-team', world);
    const p = page(db);
    p.ask({ page: 'team', now: NOW, period: 'year' });
    await p.answers(1);
    expect(p.errors).toEqual([]);
    const before = await loadTeamSources(db);
    const expected = (sources: typeof before, period: 'year' | 'all') => ({ page: 'team', view: teamView({ observed: sources.observed, imported: sources.imported }, period, new Date(NOW), combineOptions(sources)) });
    expect(p.seen[0]).toEqual(expected(before, 'year'));
    expect((p.seen[0] as Extract<PageFigures, { page: 'team' }>).view.reps.length).toBeGreaterThanOrEqual(5);

    p.ask({ page: 'team', now: NOW, period: 'all' });
    await p.answers(2);
    expect(p.seen[1]).toEqual(expected(before, 'all'));

    // A sync brings new deals, moves and wins: the figures come again by themselves, from the new data.
    changeTeam(world, 82, NOW + 3_600_000);
    await sync(db, world, 'auto', NOW + 3_600_000);
    const after = await loadTeamSources(db);
    expect(expected(after, 'all')).not.toEqual(expected(before, 'all'));
    await expect.poll(() => p.seen.at(-1), { timeout: 20_000 }).toEqual(expected(after, 'all'));
    expect(p.errors).toEqual([]);
    p.runner.dispose();
    db.close();
  });

  it('the side panel scorecard’s figures are scorecardView’s on the same sources, for the deal’s owner, with each stalled synced deal linked at its page in the account in view', async () => {
    // The HubSpot portal in view, whose deals' pages are built from their keys.
    const portal = '4412345';
    const db = await syncedTeam('team-figures-scorecard', sharingTeam(86, 120), portal);
    const sources = await loadTeamSources(db);
    const owner = combinedHistory(sources.observed, sources.imported, combineOptions(sources)).history.deals.find((d) => d.owner)!.owner!;
    const expected = (meName: string | null, period: 'year' | 'all') => scorecardView(sources.observed!, meName, period, new Date(NOW), sources.imported, combineOptions(sources));
    const p = page(db);
    p.ask({ page: 'scorecard', now: NOW, period: 'all', crm: 'hubspot', account: portal, dealOwner: null });
    await p.answers(1);
    expect(p.errors).toEqual([]);
    const everyone = p.seen[0] as Extract<PageFigures, { page: 'scorecard' }>;
    expect(everyone.view).toEqual(expected(null, 'all'));
    // Nobody's name known: every rep's stalled deals, each opening at its HubSpot page.
    expect(everyone.view!.stalledDeals.length).toBeGreaterThan(0);
    const prefix = `hubspot:${portal}:`;
    expect(everyone.dealUrls).toEqual(Object.fromEntries(everyone.view!.stalledDeals.map((d) => [d.key, dealPageUrl({ crm: 'hubspot', account: portal, dealId: d.key.slice(prefix.length) })])));
    expect(Object.values(everyone.dealUrls)[0]).toMatch(/^https:\/\/app\.hubspot\.com\/.*4412345/);

    p.ask({ page: 'scorecard', now: NOW, period: 'year', crm: 'hubspot', account: portal, dealOwner: owner });
    await p.answers(2);
    const mine = p.seen[1] as Extract<PageFigures, { page: 'scorecard' }>;
    expect(mine.view).toEqual(expected(owner, 'year'));
    expect(mine.view!.meName).toBe(owner);

    // Another HubSpot account in view: its synced deals are not that account's, so nothing is linked.
    p.ask({ page: 'scorecard', now: NOW, period: 'all', crm: 'hubspot', account: '4419999', dealOwner: null });
    await p.answers(3);
    expect(Object.values((p.seen[2] as Extract<PageFigures, { page: 'scorecard' }>).dealUrls).every((url) => url === null)).toBe(true);
    expect(p.errors).toEqual([]);
    p.runner.dispose();
    db.close();
  });

  it.each([
    ['forecast', { page: 'forecast', now: NOW, period: null, owner: '' }],
    ['maturity', { page: 'maturity', now: NOW }],
    ['KPI', { page: 'kpi', now: NOW }],
    ['team sync panel’s shared ticks', { page: 'ticks', now: NOW }],
  ] as const)('the %s page’s figures come through the contract whole, equal to the same job on the page’s thread', async (_, ask) => {
    const db = await syncedTeam(`team-figures-${ask.page}`, sharingTeam(83, 90));
    const p = page(db);
    p.ask(ask);
    await p.answers(1);
    expect(p.errors).toEqual([]);
    // Whole: the contract strips nothing (a field it did not know would be missing here).
    expect(p.seen[0]).toEqual(pageFigures(await loadTeamSources(db), ask));
    p.runner.dispose();
    db.close();
  });

  it('a page opens on its figures as last worked out, saying when, until those of the team’s data now arrive; they are kept for the next opening', async () => {
    const db = await syncedTeam('team-figures-kept', sharingTeam(84, 120));
    const kept = { store: dexieStoredFigures(db), now: () => NOW + 60_000 };
    const ask: TeamFiguresAsk = { page: 'team', now: NOW, period: 'year' };
    const now = pageFigures(await loadTeamSources(db), ask);

    // Never opened: nothing kept, so nothing until the team is read; then its figures, kept.
    const first = heldWatch(db);
    const opened = page(db, first.watch, kept);
    opened.ask(ask);
    first.release();
    await opened.answers(1);
    expect([opened.seen, opened.storedAt]).toEqual([[now], [null]]);
    await expect.poll(async () => (await db.teamFigures.toArray()).map((row) => row.computedAt)).toEqual([NOW + 60_000]);
    opened.runner.dispose();

    // Opened again while the team is still being read: the kept figures at once, with when they were worked out.
    const second = heldWatch(db);
    const reopened = page(db, second.watch, { ...kept, now: () => NOW + 120_000 });
    reopened.ask({ ...ask, now: NOW + 90_000 });
    await reopened.answers(1);
    expect([reopened.seen, reopened.storedAt]).toEqual([[now], [NOW + 60_000]]);
    second.release();
    await reopened.answers(2);
    expect(reopened.storedAt).toEqual([NOW + 60_000, null]);
    expect(reopened.errors).toEqual([]);
    reopened.runner.dispose();
    db.close();
  });

  it('kept figures another version wrote in another shape are not shown; the page waits for the team’s', async () => {
    const db = await syncedTeam('team-figures-kept-old', sharingTeam(85, 40));
    const ask: TeamFiguresAsk = { page: 'team', now: NOW, period: 'all' };
    await db.teamFigures.put({ key: storedFiguresKey(ask), figures: { page: 'team', view: { reps: 'many' } }, computedAt: NOW - 1 });
    let read = false;
    const store = dexieStoredFigures(db);
    const held = heldWatch(db);
    const p = page(db, held.watch, { store: { read: (key) => store.read(key).finally(() => (read = true)), write: store.write }, now: () => NOW });
    p.ask(ask);
    await expect.poll(() => read).toBe(true);
    held.release();
    await p.answers(1);
    expect(p.storedAt).toEqual([null]);
    expect(p.seen).toEqual([pageFigures(await loadTeamSources(db), ask)]);
    p.runner.dispose();
    db.close();
  });

  it('a request that breaks the contract is answered with what is wrong, and so is a worker’s answer the page cannot trust', async () => {
    names.push('team-figures-contract');
    const db = openDatabase('team-figures-contract');
    const worker = channelWorker((port) => serveTeamFigures(port as never, watchTeamSources(db)));
    const replies: unknown[] = [];
    worker.addEventListener('message', (event) => replies.push(event.data));
    worker.postMessage({ id: 7, ask: { page: 'team', now: NOW, period: 'decade' } } as never);
    await expect.poll(() => replies.length).toBe(1);
    expect(replies[0]).toMatchObject({ type: 'failed', id: 7, message: expect.stringContaining('ask.period') });

    const liar: TeamFiguresWorker = {
      postMessage: (message) => queueMicrotask(() => listeners.forEach((l) => l({ data: { type: 'figures', id: message.id, figures: { page: 'team', view: { team: null } } } } as MessageEvent))),
      addEventListener: ((type: string, listener: (event: MessageEvent<unknown>) => void) => void (type === 'message' && listeners.push(listener))) as TeamFiguresWorker['addEventListener'],
      terminate: () => {},
    };
    const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
    const errors: string[] = [];
    workerTeamFiguresRunner(() => liar).ask({ page: 'team', now: NOW, period: 'all' }, () => errors.push('figures shown'), (error) => errors.push(error));
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatch(/^the team figures worker sent an answer that is not valid: figures\.view\.team/);
    db.close();
  });

  it('a large team’s reps are checked a slice at a time: every rep arrives as sent, and one rep that breaks the contract is named by its place', async () => {
    const db = await syncedTeam('team-figures-slices', sharingTeam(87, 60));
    const p = page(db);
    p.ask({ page: 'team', now: NOW, period: 'all' });
    await p.answers(1);
    const real = p.seen[0] as Extract<PageFigures, { page: 'team' }>;
    p.runner.dispose();
    // 70 reps: more than three slices.
    const reps = Array.from({ length: 70 }, (_, i) => ({ ...structuredClone(real.view.reps[i % real.view.reps.length]!), owner: `Rep ${i}` }));
    const answering = (figures: unknown): TeamFiguresWorker => {
      const listeners: ((event: MessageEvent<unknown>) => void)[] = [];
      return {
        postMessage: (message) => queueMicrotask(() => listeners.forEach((l) => l({ data: structuredClone({ type: 'figures', id: message.id, figures, storedAt: null }) } as MessageEvent))),
        addEventListener: ((type: string, listener: (event: MessageEvent<unknown>) => void) => void (type === 'message' && listeners.push(listener))) as TeamFiguresWorker['addEventListener'],
        terminate: () => {},
      };
    };
    const got: PageFigures[] = [];
    const errors: string[] = [];
    const whole = { page: 'team', view: { ...real.view, reps } };
    workerTeamFiguresRunner(() => answering(whole)).ask({ page: 'team', now: NOW, period: 'all' }, (figures) => got.push(figures), (error) => errors.push(error));
    await expect.poll(() => got.length + errors.length).toBe(1);
    expect(errors).toEqual([]);
    expect(got[0]).toEqual(whole);

    const broken = structuredClone(whole);
    (broken.view.reps[57]!.metrics as { won: number }).won = -1;
    workerTeamFiguresRunner(() => answering(broken)).ask({ page: 'team', now: NOW, period: 'all' }, (figures) => got.push(figures), (error) => errors.push(error));
    await expect.poll(() => errors.length).toBe(1);
    expect(got).toHaveLength(1);
    expect(errors[0]).toMatch(/^the team figures worker sent an answer that is not valid: figures\.view\.reps\[57\]\.metrics\.won: /);
    db.close();
  });
});
