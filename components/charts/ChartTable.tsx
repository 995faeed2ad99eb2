import { useI18n } from '../i18n';
import './charts.css';

// The numbers behind a chart, as a table: one row per category (rep, period, dimension, step), one
// column per series. It sits behind a disclosure under the chart, so a keyboard or screen-reader
// user opens it with Enter and reads every value the picture shows.

export interface ChartTableColumns {
  /** The heading of the first column (what a row is: Rep, Period…). */
  category: string;
  /** A value as the table shows it (null: no value). */
  format: (value: number | null) => string;
}

export function ChartTable({ title, categories, series, columns }: { title: string; categories: readonly string[]; series: readonly { name: string; values: readonly (number | null)[] }[]; columns: ChartTableColumns }) {
  const { t } = useI18n();
  return (
    <details class="chart-table" data-testid="chart-table">
      <summary>{t('chart.showTable', { chart: title })}</summary>
      <div class="table-scroll chart-table__scroll">
        <table class="team-table chart-table__table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col" class="team-table__rep">{columns.category}</th>
              {series.map((s) => (
                <th key={s.name} scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category, i) => (
              <tr key={`${i}-${category}`}>
                <th scope="row" class="team-table__rep">{category}</th>
                {series.map((s) => (
                  <td key={s.name}>{columns.format(s.values[i] ?? null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
