import { afterEach, describe, expect, it } from 'vitest';
import { DataSources } from '@/components/sidepanel/DataSources';
import { crmActivityIds } from '@/lib/activities/sync-view';
import type { ApiState } from '@/lib/background/crm-sync';
import { byTestId, cleanup, mount, queryTestId, text } from '../helpers/render';

// The CRM's own activity list in the side panel leaves out what Stagecraft wrote there: those are
// in the activity history already, with their state.

afterEach(cleanup);

const refs = (kind: string, id: string, next: [string, string] | null = null) => ({ crmRefs: { main: { kind, id }, nextStep: next ? { kind: next[0], id: next[1] } : null } });

describe('crmActivityIds', () => {
  it('names written records the way each connector lists the CRM’s activities', () => {
    expect([...crmActivityIds('hubspot', [refs('calls', '51001', ['tasks', '51002']), { crmRefs: null }])]).toEqual(['call:51001', 'task:51002']);
    expect([...crmActivityIds('salesforce', [refs('Event', '00U5g00000XyZaBEAV', ['Task', '00T5g00000AbCdFAAX'])])]).toEqual(['event:00U5g00000XyZaBEAV', 'task:00T5g00000AbCdFAAX']);
    expect([...crmActivityIds('pipedrive', [refs('activity', '311', ['activity', '312']), refs('note', '9')])]).toEqual(['311', '312']);
  });
});

describe('DataSources', () => {
  const api = (activities: ApiState['activities']): ApiState => ({
    sources: { title: 'api', pipeline: 'api', stage: 'api', stages: 'api', value: 'api', currency: 'api', owner: 'api', closeDate: 'api', status: 'api' },
    readAt: { dom: '2026-11-23T10:00:00.000Z', api: '2026-11-23T10:00:00.000Z' },
    activities,
  });
  const crmCall = { id: 'call:51001', type: 'call' as const, subject: 'Call — connected', at: '2026-11-23T09:30:00.000Z', done: true };
  const crmMeeting = { id: 'meeting:70', type: 'meeting' as const, subject: 'Kick-off', at: '2026-11-20T09:30:00.000Z', done: true };

  it('lists the CRM’s other activities and leaves out the ones logged here', async () => {
    const root = (await mount(<DataSources api={api([crmCall, crmMeeting])} crm="hubspot" loggedHere={new Set(['call:51001'])} />)).container;
    const list = text(byTestId(root, 'crm-activities'));
    expect(list).toContain('(1)');
    expect(list).toContain('Kick-off');
    expect(list).not.toContain('Call — connected');
  });

  it('shows no list when everything in the CRM was logged here', async () => {
    const root = (await mount(<DataSources api={api([crmCall])} crm="hubspot" loggedHere={new Set(['call:51001'])} />)).container;
    expect(queryTestId(root, 'crm-activities')).toBeNull();
  });
});
