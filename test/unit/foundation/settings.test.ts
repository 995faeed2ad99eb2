import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, repairSettings } from '@/lib/model/settings.schema';
import { openDatabase } from '@/lib/db/database';
import { loadSettings, updateSettings } from '@/lib/db/settings';

describe('settings are repaired field by field, never wiped', () => {
  it('keeps every valid field and resets only the broken ones', () => {
    const repaired = repairSettings({ defaultRotDays: 'soon', weekStart: 'sunday', keyActivityTypes: ['call', 'call'], baseCurrency: 'SEK', me: { pipedrive: 'Anna', hubspot: 42 } });
    expect(repaired.weekStart).toBe('sunday');
    expect(repaired.baseCurrency).toBe('SEK');
    expect(repaired.me).toEqual({ pipedrive: 'Anna', hubspot: '', salesforce: '' });
    expect(repaired.defaultRotDays).toBe(DEFAULT_SETTINGS.defaultRotDays);
    expect(repaired.keyActivityTypes).toEqual(DEFAULT_SETTINGS.keyActivityTypes);
  });

  it.each([null, undefined, 'garbage', 42, [], { __proto__: { iconOpens: 'popup' } }])('turns %p into the defaults', (stored) => {
    expect(repairSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('loads repaired settings from a corrupted database row and saves changes', async () => {
    const db = openDatabase('test-settings');
    await db.settings.put({ id: 'settings', value: { weekStart: 'sunday', defaultRotDays: -3 } });
    expect((await loadSettings(db)).weekStart).toBe('sunday');
    const next = await updateSettings(db, { defaultRotDays: 30 });
    expect(next).toMatchObject({ weekStart: 'sunday', defaultRotDays: 30 });
    expect(await loadSettings(db)).toEqual(next);
    await db.delete();
  });
});
