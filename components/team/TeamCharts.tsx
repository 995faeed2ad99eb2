import { formatPercent } from '@/lib/i18n/format';
import { funnelRows, TEAM_MEASURES, type MeasureId, type TeamViewData } from '@/lib/forecast/team-view';
import { BarChart } from '../charts/BarChart';
import { useI18n } from '../i18n';
import { useGrowing } from '../hooks/useGrowing';

// What a manager would rather see than read on the Team scorecards: each rep's win rate beside
// their process adoption, and the whole team's conversion per stage step. The values are the
// table's own (TEAM_MEASURES over viewFigures, funnelRows), never worked out again here. A large
// team's reps are drawn a slice at a time.

const REPS_PER_TURN = 25;

const measure = (id: MeasureId) => TEAM_MEASURES.find((m) => m.id === id)!;

export function TeamCharts({ view, period, repName }: { view: TeamViewData; period: string; repName: (owner: string | null) => string }) {
  const { t, locale } = useI18n();
  const pct = (v: number | null) => (v === null ? t('scorecard.none') : formatPercent(v, locale));
  const winRate = measure('winRateCount').value;
  const adoption = measure('adoption').value;
  const conversion = funnelRows(view, view.team);
  const reps = view.reps.slice(0, useGrowing(view.reps.length, REPS_PER_TURN, view));
  return (
    <div class="team-charts">
      <BarChart
        title={t('chart.repsTitle', { period })}
        categories={reps.map((rep) => repName(rep.owner))}
        series={[
          { name: t('scorecard.winRateCount'), values: reps.map(winRate) },
          { name: t('scorecard.adoption'), values: reps.map(adoption) },
        ]}
        max={1}
        table={{ category: t('team.rep'), format: pct }}
        testId="team-chart-reps"
      />
      {conversion.length ? (
        <BarChart
          title={t('chart.conversionTitle', { period })}
          categories={conversion.map((row) => row.label)}
          series={[{ name: t('scorecard.team'), values: conversion.map((row) => row.team) }]}
          max={1}
          table={{ category: t('chart.step'), format: pct }}
          testId="team-chart-conversion"
        />
      ) : null}
    </div>
  );
}
