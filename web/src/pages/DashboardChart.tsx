import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';

export interface LocationHours {
  name: string;
  scheduled: number;
  worked: number;
}

/** Scheduled against worked hours per location (its own chunk: the chart library is large). */
export function DashboardChart({ data }: { data: LocationHours[] }) {
  return (
    <BarChart
      h={260}
      data={data}
      dataKey="name"
      withLegend
      unit=" h"
      // A named figure: an aria-label on the chart's plain div is not allowed (axe).
      role="figure"
      aria-label="Scheduled and worked hours per location"
      series={[
        { name: 'scheduled', label: 'Scheduled', color: 'gray.5' },
        { name: 'worked', label: 'Worked', color: 'teal.6' },
      ]}
    />
  );
}
