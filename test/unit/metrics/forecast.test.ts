import { describe, expect, it } from 'vitest';
import { currentPeriodSnapshot, forecastFigures, forecastSnapshot } from '@/lib/metrics/forecast';
import { periodKey } from '@/lib/metrics/periods';
import { history, ms } from './build';

describe('forecast snapshot', () => {
  const h = history({
    deals: [
      { owner: 'Anna', status: 'won', value: 8000, closedAt: '2026-02-10T00:00:00Z' },
      { owner: 'Ben', status: 'won', value: 2000, closedAt: '2026-03-31T23:00:00Z' },
      { owner: 'Ben', status: 'lost', value: 50000, closedAt: '2026-03-01T00:00:00Z' },
    ],
    forecasts: [
      { owner: 'Anna', period: '2026-Q1', amount: 6000 },
      { owner: 'Ben', period: '2026-Q1', amount: 5000 },
    ],
  });

  it('error = forecast − actual, bias = error ÷ actual, accuracy = 1 − |error| ÷ actual', () => {
    expect(forecastFigures(12000, 10000)).toEqual({ error: 2000, bias: 2000 / 10000, accuracy: 1 - 2000 / 10000 });
    expect(forecastFigures(4000, 10000)).toEqual({ error: -6000, bias: -0.6, accuracy: 0.4 });
    expect(forecastFigures(35000, 10000).accuracy).toBe(1 - 25000 / 10000); // −1.5: not clamped
    expect(forecastFigures(5, 0)).toEqual({ error: 5, bias: null, accuracy: null });
  });

  it('team and owner snapshots of a period', () => {
    expect(forecastSnapshot(h, '2026-Q1')).toEqual({ period: '2026-Q1', owner: null, forecast: 11000, actual: 10000, error: 1000, bias: 0.1, accuracy: 0.9 });
    expect(forecastSnapshot(h, '2026-Q1', 'Ben')).toMatchObject({ forecast: 5000, actual: 2000, error: 3000, bias: 1.5, accuracy: 1 - 3000 / 2000 });
    expect(forecastSnapshot(h, '2026-03', 'Ben', 2500)).toMatchObject({ forecast: 2500, actual: 2000, accuracy: 0.75 });
    expect(forecastSnapshot(h, '2026-Q2')).toMatchObject({ forecast: 0, actual: 0, accuracy: null });
  });

  it('period keys for a date', () => {
    expect(currentPeriodSnapshot(h, ms('2026-02-15T00:00:00Z'), 'month')).toMatchObject({ period: '2026-02', actual: 8000 });
    expect(currentPeriodSnapshot(h, ms('2026-01-01T00:00:00Z'), 'quarter', 'Anna')).toMatchObject({ period: '2026-Q1', forecast: 6000, actual: 8000 });
    expect(periodKey(new Date('2026-12-31T23:59:59Z'), 'quarter')).toBe('2026-Q4');
  });
});
