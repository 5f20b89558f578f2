/** A chart with its numbers: the table is what a screen reader (and a careful reader) reads. */
import { useT } from '../../i18n/i18n';
import { Chart, type ChartOption } from './Chart';

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence that says what the chart shows, read first. */
  summary: string;
  /** Absent when there is nothing to draw: the card says so instead of an empty frame. */
  option?: ChartOption;
  table: { head: string[]; rows: (string | number)[][] };
}

export function ChartCard({ spec }: { spec: ChartSpec }) {
  const { t } = useT();
  const captionId = `chart-${spec.id}-summary`;
  return (
    <figure className="chart-card" data-testid={`chart-${spec.id}`} aria-labelledby={captionId}>
      <h3>{spec.title}</h3>
      <p id={captionId} data-testid={`chart-${spec.id}-summary`}>{spec.summary}</p>
      {spec.option ? <Chart option={spec.option} testId={`chart-${spec.id}-svg`} /> : <p className="muted">{t('period.dash.noData')}</p>}
      {spec.table.rows.length > 0 && (
        <table aria-label={spec.title}>
          <thead>
            <tr>
              {spec.table.head.map((h) => (
                <th scope="col" key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (j === 0 ? <th scope="row" key={j}>{cell}</th> : <td key={j}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
