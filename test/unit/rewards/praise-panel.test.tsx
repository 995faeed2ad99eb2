import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import { RewardsSettings } from '@/components/options/RewardsSettings';
import { StageEditor } from '@/components/options/StageEditor';
import type { TabSource } from '@/components/hooks/useTabId';
import { TEMPLATES } from '@/lib/playbook/templates';
import { loadSettings, updateSettings } from '@/lib/db/settings';
import { recordDealSeen } from '@/lib/background/deals';
import type { DealSnapshot } from '@/lib/model/deal';
import type { Stage } from '@/lib/model/playbook.schema';
import { allByTestId, byTestId, check, cleanup, click, mount, queryTestId, text, waitFor } from '../helpers/render';

// The side panel shows the deal's one line of praise as it arrives, and the rep can put it away; the
// manager switches praise on and off on the options page and marks a stage hard in the stage editor.

let db: StagecraftDb;
let n = 0;
const NOW = new Date('2026-11-11T12:00:00.000Z');
const now = () => NOW;
const tabs: TabSource = { current: () => 1, subscribe: () => () => {} };
const actions = { reread: vi.fn(), openOptions: vi.fn(), openQuickLog: vi.fn(), openUrl: vi.fn() };
const dealKey = 'pipedrive:acme:7';
const snapshot = (stage: string, status: DealSnapshot['status'] = 'open'): DealSnapshot => ({
  crm: 'pipedrive', dealId: '7', title: 'Acme rollout', pipeline: 'Sales pipeline', stage, stages: [], value: 48000, currency: 'USD', owner: 'Rachel Kim', closeDate: '2027-03-31', status,
});
const seen = (stage: string, at: Date, status: DealSnapshot['status'] = 'open') =>
  recordDealSeen(db, { tabId: 1, url: 'https://acme.pipedrive.com/deal/7', ref: { crm: 'pipedrive', account: 'acme', dealId: '7' }, snapshot: snapshot(stage, status), now: at });

beforeEach(async () => {
  db = openDatabase(`praise-panel-${n++}`);
  const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await updateSettings(db, { teamConversion: { 'new-business/demo-completed': { rate: 0.41, deals: 48 } } });
  await seen('Demo Scheduled', new Date(NOW.getTime() - 2 * 86_400_000));
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('praise in the side panel', () => {
  it('a move past the hard stage shows one line live, as text; dismissed, it is gone and stays gone', async () => {
    const view = await mount(<SidePanel db={db} tabs={tabs} actions={actions} now={now} />);
    await waitFor(() => expect(text(view.container)).toMatch(/Demo completed/));
    expect(queryTestId(view.container, 'praise')).toBeNull();
    await seen('Proposal Made', new Date(NOW.getTime() - 60_000));
    await waitFor(() => expect(allByTestId(view.container, 'praise')).toHaveLength(1));
    expect(text(byTestId(view.container, 'praise').querySelector('p'))).toBe('★ Your first deal past “Demo completed” this month — the team converts 41% there.');
    await seen('Proposal Made', NOW);
    expect(allByTestId(view.container, 'praise')).toHaveLength(1);
    await click(byTestId(view.container, 'praise-dismiss'));
    await waitFor(() => expect(queryTestId(view.container, 'praise')).toBeNull());
    expect((await db.praise.toArray()).map((p) => p.endedBy)).toEqual(['dismissed']);
  });

  it('a deal lost after its praise shows no line', async () => {
    await seen('Proposal Made', new Date(NOW.getTime() - 60_000));
    await seen('Lost', NOW, 'lost');
    const view = await mount(<SidePanel db={db} tabs={tabs} actions={actions} now={now} />);
    await waitFor(() => expect(text(view.container)).toMatch(/lost/i));
    expect(queryTestId(view.container, 'praise')).toBeNull();
  });

  it('in Swedish', async () => {
    await updateSettings(db, { locale: 'sv' });
    await seen('Proposal Made', new Date(NOW.getTime() - 60_000));
    const view = await mount(<SidePanel db={db} tabs={tabs} actions={actions} now={now} />, 'sv');
    await waitFor(() => expect(text(byTestId(view.container, 'praise').querySelector('p'))).toBe('★ Din första affär förbi ”Demo completed” den här månaden — teamet konverterar 41 % där.'));
    expect(byTestId(view.container, 'praise-dismiss').getAttribute('aria-label')).toBe('Dölj');
  });
});

describe('praise on the options page', () => {
  it('the manager switches the milestones on one by one; the hard-stage praise is on from the start', async () => {
    const view = await mount(<RewardsSettings db={db} settings={await loadSettings(db)} />);
    expect(byTestId<HTMLInputElement>(view.container, 'reward-passHardStage').checked).toBe(true);
    expect(byTestId<HTMLInputElement>(view.container, 'reward-activeWeek').checked).toBe(false);
    await check(byTestId<HTMLInputElement>(view.container, 'reward-activeWeek'));
    await waitFor(async () => expect((await loadSettings(db)).rewards).toEqual({ passHardStage: true, firstWinOfQuarter: false, wonWithEveryTask: false, activeWeek: true }));
  });

  it('the stage editor marks a stage hard, and says where the team converts worst', async () => {
    const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
    let stage: Stage = playbook.pipelines[0]!.stages.find((s) => s.id === 'demo-completed')!;
    const update = (change: (s: Stage) => void) => {
      const copy = structuredClone(stage);
      change(copy);
      stage = copy;
    };
    const view = await mount(<StageEditor pipelineIndex={0} stageIndex={2} stage={stage} qualifications={[]} readOnly={false} defaultRotDays={21} lowestConversion={{ rate: 0.41, deals: 48 }} update={update} />);
    expect(text(byTestId(view.container, 'stage-hard-measured'))).toBe('The team converts worst here: 41% of the 48 deals that reached this stage moved on, so it counts as hard without the mark.');
    await click(byTestId(view.container, 'stage-hard-input'));
    expect(stage.hard).toBe(true);
  });
});
