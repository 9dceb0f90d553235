/**
 * The 30-day trend (uPlot: canvas, 51 KB min / ~22 KB gz, in the dashboard's own chunk): 按时办结率
 * and 满意率 in percent on the left axis, new tickets per day on the right. uPlot's x axis is in
 * seconds; the labels are China days whatever the browser's zone. The numbers are also in a table
 * below the chart for screen readers and for reading exact values.
 */
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import type { KpiDayRow } from '@contract/console'

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)

export function TrendChart({ trend }: { trend: readonly KpiDayRow[] }) {
  const holder = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    const element = holder.current
    if (!element || trend.length === 0) return
    // x = the day's index; labels are the days themselves (China days, as the server counted them).
    const xs = trend.map((_d, i) => i)
    const data: uPlot.AlignedData = [xs, trend.map((d) => pct(d.onTimeRate)), trend.map((d) => pct(d.satisfactionRate)), trend.map((d) => d.created)]
    const dayLabel = (i: number) => trend[Math.round(i)]?.day.slice(5) ?? ''
    const every = Math.max(1, Math.ceil(trend.length / 10))
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 280,
        scales: { x: { time: false, range: [0, Math.max(1, trend.length - 1)] }, pct: { range: [0, 100] }, n: { range: (_u, _min, max) => [0, Math.max(5, max)] } },
        axes: [
          { splits: () => xs.filter((i) => i % every === 0 || i === xs.length - 1), values: (_u, ticks) => ticks.map(dayLabel), stroke: '#4a5361', grid: { stroke: '#e3e7ec' } },
          { scale: 'pct', values: (_u, ticks) => ticks.map((t) => `${t}%`), stroke: '#4a5361', grid: { stroke: '#e3e7ec' } },
          { scale: 'n', side: 1, stroke: '#4a5361', grid: { show: false } },
        ],
        series: [
          { label: '日期', value: (_u, v) => (v == null ? '—' : (trend[Math.round(v)]?.day ?? '—')) },
          { label: '按时办结率', scale: 'pct', stroke: '#0b57d0', width: 2, value: (_u, v) => (v == null ? '—' : `${v}%`), spanGaps: true },
          { label: '满意率', scale: 'pct', stroke: '#1e6b34', width: 2, dash: [6, 4], value: (_u, v) => (v == null ? '—' : `${v}%`), spanGaps: true },
          { label: '新建工单', scale: 'n', stroke: '#a34700', width: 1.5, fill: 'rgba(163, 71, 0, 0.08)', value: (_u, v) => (v == null ? '—' : `${v} 件`) },
        ],
      },
      data,
      element,
    )
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, element.clientWidth), height: 280 }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [trend])

  const first = trend[0]?.day
  const last = trend[trend.length - 1]?.day
  return (
    <>
      <div ref={holder} className="trend" role="img" aria-label={`近30天趋势图（${first ?? ''} 至 ${last ?? ''}）：按时办结率、满意率与每日新建工单数，数据见下表`} />
      <details>
        <summary>查看趋势数据</summary>
        <table className="data">
          <caption className="visually-hidden">近30天每日数据</caption>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">新建</th>
              <th scope="col">按时办结率</th>
              <th scope="col">满意率</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{d.created}</td>
                <td>{d.onTimeRate === null ? '—' : `${pct(d.onTimeRate)}%`}</td>
                <td>{d.satisfactionRate === null ? '—' : `${pct(d.satisfactionRate)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  )
}
