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

  it('praise settings are repaired switch by switch, the team conversion entry by entry, and a broken start is no start', () => {
    const repaired = repairSettings({
      rewards: { passHardStage: false, firstWinOfQuarter: 'yes', wonWithEveryTask: true },
      teamConversion: { 'sales/demo': { rate: 0.41, deals: 48 }, 'sales/proposal': { rate: 1.4, deals: 9 }, 'sales/won': { rate: 0.5, deals: 0 }, 'sales/qualify': 'low' },
      praiseSince: 'last Tuesday',
      weekStart: 'sunday',
    });
    expect(repaired.rewards).toEqual({ passHardStage: false, firstWinOfQuarter: false, wonWithEveryTask: true, activeWeek: false });
    expect(repaired.teamConversion).toEqual({ 'sales/demo': { rate: 0.41, deals: 48 } });
    expect(repaired.praiseSince).toBeNull();
    expect(repaired.weekStart).toBe('sunday');
    expect(repairSettings({ rewards: 'all of them' }).rewards).toEqual({ passHardStage: true, firstWinOfQuarter: false, wonWithEveryTask: false, activeWeek: false });
    expect(repairSettings({ praiseSince: '2026-12-07T10:00:00.000Z' }).praiseSince).toBe('2026-12-07T10:00:00.000Z');
  });
});
