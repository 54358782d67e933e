/**
 * The report's chart, rendered server-side by ECharts as SVG (no canvas, no DOM). Only the parts
 * used are registered, which keeps the bundle and the import time small.
 */
import type { BarSeriesOption } from 'echarts/charts';
import { BarChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { formatCount, formatHoursNumber, hoursValue } from './render-format';

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption>;

/** The font family written into the SVG; the PDF side maps it to the embedded DejaVu fonts. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const SCHEDULED_COLOUR = '#b8c4d6';
export const WORKED_COLOUR = '#2f5d8a';
const TEXT_COLOUR = '#4b5563';
const GRID_LINE_COLOUR = '#e5e7eb';

/** Legend and axis labels: the chart's height besides the bars. */
const CHART_FRAME_HEIGHT = 56;
/** Height per category, enough for two bars and their value labels. */
const CATEGORY_HEIGHT = 30;
const CHART_MAX_HEIGHT = 460;

export interface HoursChartInput {
  /** Category labels, already shortened to fit `labelWidth`. */
  labels: string[];
  scheduledMinutes: number[];
  workedMinutes: number[];
  /** Size in SVG user units, drawn 1:1 as PDF points. */
  width: number;
  height: number;
  /** Room left of the bars for the labels. */
  labelWidth: number;
}

/** Height (in points) that {@link hoursChartSvg} needs for `count` categories. */
export function hoursChartHeight(count: number): number {
  return Math.min(CHART_MAX_HEIGHT, CHART_FRAME_HEIGHT + count * CATEGORY_HEIGHT);
}

/** A horizontal grouped bar chart of scheduled vs worked hours per category, as an SVG string. */
export function hoursChartSvg(input: HoursChartInput): string {
  // With many categories the bars get thin; their value labels would overlap, so they are left out.
  const roomPerCategory = (input.height - CHART_FRAME_HEIGHT) / Math.max(1, input.labels.length);
  const valueLabel = {
    show: roomPerCategory >= CATEGORY_HEIGHT - 4,
    position: 'right' as const,
    fontSize: 7,
    color: TEXT_COLOUR,
    formatter: (params: { value: unknown }) => formatHoursNumber(Number(params.value) * 60),
  };
  const option: ChartOption = {
    animation: false,
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 8, color: TEXT_COLOUR },
    legend: {
      top: 0,
      right: 0,
      itemWidth: 10,
      itemHeight: 8,
      itemGap: 18,
      textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 8, color: TEXT_COLOUR },
    },
    grid: { left: input.labelWidth + 8, right: 44, top: 22, bottom: 18, outerBoundsMode: 'none' },
    xAxis: {
      type: 'value',
      axisLabel: { fontSize: 7, color: TEXT_COLOUR, formatter: (value: number) => `${formatCount(value)} h` },
      splitLine: { lineStyle: { color: GRID_LINE_COLOUR } },
    },
    yAxis: {
      type: 'category',
      // First location at the top, as in the table above the chart.
      inverse: true,
      data: input.labels,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#9ca3af' } },
      axisLabel: { fontSize: 8, color: '#1f2933', margin: 8 },
    },
    series: [
      {
        name: 'Scheduled',
        type: 'bar',
        data: input.scheduledMinutes.map(hoursValue),
        itemStyle: { color: SCHEDULED_COLOUR },
        barMaxWidth: 12,
        barGap: '15%',
        label: valueLabel,
      },
      {
        name: 'Worked',
        type: 'bar',
        data: input.workedMinutes.map(hoursValue),
        itemStyle: { color: WORKED_COLOUR },
        barMaxWidth: 12,
        label: valueLabel,
      },
    ],
  };
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: input.width,
    height: input.height,
  });
  try {
    chart.setOption(option);
    // The hover styles ECharts appends are useless in a PDF; dropping them spares svg-to-pdfkit parsing CSS.
    return chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, '');
  } finally {
    chart.dispose();
  }
}
