import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { TeamSyncPanel } from '@/components/team-sync/TeamSyncPanel';
import { syncTeam } from '@/lib/background/team-sync';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { defaultSince } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { generateTeam, groundTruth } from '../../support/crm-servers/team';
import { memoryStore } from '../crm-api/memory-store';
import { byTestId, cleanup, mount, text, waitFor } from '../helpers/render';
import { intoCrm, NOW, playbookFor, shareTicks } from './ticks';

// The team sync's summary on the Connections tab says how many checklist ticks the team shared
// and how many tasks of an older playbook (or of a task the playbook no longer has) were ignored.

let db: StagecraftDb | null = null;
afterEach(async () => {
  await cleanup();
  if (db) await Dexie.delete(db.name);
  db = null;
});

describe('team sync summary', () => {
  it.each([
    ['en', (shared: number) => `Checklist ticks shared by the team: ${shared}.`, '2 checklist tasks from an older playbook were ignored.'],
    ['sv', (shared: number) => `Bockar i checklistan som teamet delat: ${shared}.`, '2 checklisteuppgifter från en äldre playbook ignorerades.'],
  ] as const)('names the shared ticks and the ignored tasks of an older playbook (%s)', async (locale, sharedLine, ignoredLine) => {
    const world = generateTeam({ crm: 'hubspot', seed: 91, deals: 120, owners: 4, now: NOW });
    const playbook = playbookFor('hubspot');
    const { ticks } = shareTicks(world);
    const credentials = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
    db = openDatabase(`team-sync-panel-${locale}`);
    await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
    const server = hubspotServer(world);
    const deps = { client: createCrmApiClient({ fetch: server.fetch, now: () => new Date(NOW) }), credentials, salesforceSession: async () => null, now: () => new Date(NOW), sleep: async () => {} };
    const inWindow = new Set(groundTruth(world, defaultSince(new Date(NOW))).deals.map((d) => d.id));
    intoCrm(world, ticks, inWindow);
    expect(await syncTeam(db, deps, 'hubspot')).toMatchObject({ state: 'complete' });
    const shared = ticks.filter((t) => inWindow.has(t.dealId)).length;

    const { container } = await mount(<TeamSyncPanel db={db} store={credentials} start={() => {}} now={() => new Date(NOW)} />, locale);
    await waitFor(() => expect(text(byTestId(container, 'team-sync-ticks-ignored'))).toBe(ignoredLine));
    expect(text(byTestId(container, 'team-sync-ticks'))).toBe(sharedLine(shared));
  });

  it.each([
    ['sv', 'Senaste synkningen misslyckades: Salesforce skickade ett svar som Stagecraft inte kan läsa (teknisk detalj: 400 · GET /services/data/v60.0/query · INVALID_FIELD: No such column Foo__c). Senaste kompletta data finns kvar.'],
    ['it', 'L’ultima sincronizzazione non è riuscita: Salesforce ha inviato una risposta che Stagecraft non sa leggere (dettaglio tecnico: 400 · GET /services/data/v60.0/query · INVALID_FIELD: No such column Foo__c). Restano gli ultimi dati completi.'],
  ] as const)('a failed sync is said in the reader’s words, the CRM’s own English only after them as the technical detail (%s)', async (locale, line) => {
    db = openDatabase(`team-sync-panel-failed-${locale}`);
    await db.teamSync.put({ id: 'status', value: { state: 'failed', crm: 'salesforce', at: NOW, failure: { kind: 'malformed', status: 400, request: 'GET /services/data/v60.0/query', detail: 'INVALID_FIELD: No such column Foo__c' } } });
    const { container } = await mount(<TeamSyncPanel db={db} store={memoryStore({})} start={() => {}} now={() => new Date(NOW)} />, locale);
    await waitFor(() => expect(text(byTestId(container, 'team-sync-failure'))).toBe(line));
  });
});
