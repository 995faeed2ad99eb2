import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { activePlaybook, replaceActivePlaybook } from '@/lib/db/playbooks';
import { exportPlaybook, parseManagedPlaybook } from '@/lib/playbook-io';
import { applyManagedPlaybook } from '@/lib/db/playbooks';
import { clone, samplePlaybook } from '../options/fixtures';

const NOW = new Date('2025-03-14T10:00:00.000Z');
let db: StagecraftDb;
beforeEach(async () => {
  db = openDatabase(`test-managed-${Math.random()}`);
  await replaceActivePlaybook(db, samplePlaybook());
});
afterEach(async () => {
  await db.delete();
});

describe('parseManagedPlaybook', () => {
  it.each([undefined, null, '', '   '])('%p means no managed playbook', (value) => {
    expect(parseManagedPlaybook(value)).toEqual({ status: 'absent' });
  });

  it('reads the export file text', () => {
    const playbook = samplePlaybook({ name: 'Policy' });
    expect(parseManagedPlaybook(exportPlaybook(playbook, NOW))).toEqual({ status: 'ok', playbook });
  });

  it('accepts the file as an object too (policy written as JSON)', () => {
    const playbook = samplePlaybook();
    expect(parseManagedPlaybook(JSON.parse(exportPlaybook(playbook, NOW)))).toEqual({ status: 'ok', playbook });
  });

  it('rejects a broken policy with the exact place', () => {
    const bad = clone(samplePlaybook());
    bad.pipelines[0]!.stages[2]!.tasks[0]!.dueDays = -1;
    expect(parseManagedPlaybook(exportPlaybook(bad, NOW))).toEqual({
      status: 'invalid',
      error: { code: 'invalid', detail: 'playbook.pipelines[0].stages[2].tasks[0].dueDays: expected a whole number ≥ 0', note: { id: 'tooSmall', at: 'playbook.pipelines[0].stages[2].tasks[0].dueDays', values: { min: 0 } } },
    });
    expect(parseManagedPlaybook(42)).toMatchObject({ status: 'invalid', error: { code: 'notAnObject' } });
    expect(parseManagedPlaybook('{"__proto__":{}}')).toMatchObject({ status: 'invalid', error: { code: 'forbiddenKey' } });
  });
});

describe('applyManagedPlaybook', () => {
  it('stores a valid policy as the managed playbook reps follow, without touching the local one', async () => {
    const policy = samplePlaybook({ name: 'Policy' }); // same id as the local playbook
    await applyManagedPlaybook(db, exportPlaybook(policy, NOW));
    const active = await activePlaybook(db);
    expect(active).toMatchObject({ origin: 'managed', playbook: { name: 'Policy' } });
    expect((await db.playbooks.get('team-process'))?.playbook.name).toBe('Team process');
  });

  it('an invalid policy keeps the last valid one; an absent one removes it', async () => {
    await applyManagedPlaybook(db, exportPlaybook(samplePlaybook({ name: 'Policy' }), NOW));
    const result = await applyManagedPlaybook(db, '{"format":"stagecraft-playbook","version":9}');
    expect(result).toMatchObject({ status: 'invalid', error: { code: 'unsupportedVersion' } });
    expect((await activePlaybook(db))?.playbook.name).toBe('Policy');
    await applyManagedPlaybook(db, undefined);
    expect((await activePlaybook(db))).toMatchObject({ origin: 'local', playbook: { name: 'Team process' } });
  });
});
