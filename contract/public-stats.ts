/**
 * The public map and the transparency page (数据公开, #15): pure values, no TypeBox, so the app
 * imports them. The figures themselves are the console's KPIs (contract/kpi.ts, one service);
 * only the counts a resident reads first (received / resolved / open) are named here.
 */
import { KPI_DEFINITIONS } from './kpi'

/** Periods of the transparency page, in days ending today (China time). */
export const PUBLIC_STATS_PERIODS = [7, 30, 90] as const
export type PublicStatsPeriod = (typeof PUBLIC_STATS_PERIODS)[number]

/** How far back the public map looks (filed for open reports, fixed for fixed ones). */
export const PUBLIC_MAP_DAYS = [7, 30] as const
export type PublicMapDays = (typeof PUBLIC_MAP_DAYS)[number]

/** open = still being handled; fixed = resolved or closed (rejected reports are never on the map). */
export const PUBLIC_MAP_STATES = ['open', 'fixed'] as const
export type PublicMapState = (typeof PUBLIC_MAP_STATES)[number]
export const PUBLIC_MAP_STATE_LABELS: Record<PublicMapState, string> = { open: '处理中', fixed: '已修好' }

/** At most this many reports in one answer of the map (the visible area). */
export const PUBLIC_MAP_LIMIT = 300

/** Public answers may be reused this long by browsers and proxies (seconds). */
export const PUBLIC_MAX_AGE_SECONDS = 30

/** The figures of the page, in order, with their one-line definitions (KPI ones from contract/kpi). */
export const PUBLIC_FIGURES = [
  { id: 'received', name: '收到上报', definition: '本期市民上报的问题数（含不予受理）', unit: 'count' },
  { id: 'resolved', name: '已处置', definition: '本期处置完成的工单数', unit: 'count' },
  { id: 'open', name: '处理中', definition: '本期上报、至今尚未处置完成的工单数（不含不予受理）', unit: 'count' },
  { id: 'onTimeRate', name: KPI_DEFINITIONS.onTimeRate.name, definition: KPI_DEFINITIONS.onTimeRate.definition, unit: 'ratio' },
  { id: 'medianResolveHours', name: KPI_DEFINITIONS.medianResolveHours.name, definition: KPI_DEFINITIONS.medianResolveHours.definition, unit: 'hours' },
  { id: 'satisfactionRate', name: KPI_DEFINITIONS.satisfactionRate.name, definition: KPI_DEFINITIONS.satisfactionRate.definition, unit: 'ratio' },
  { id: 'reworkRate', name: KPI_DEFINITIONS.reworkRate.name, definition: KPI_DEFINITIONS.reworkRate.definition, unit: 'ratio' },
] as const
export type PublicFigureId = (typeof PUBLIC_FIGURES)[number]['id']

/** How the page writes a figure: 87.5% / 12.3 小时 / 4; null (no data) as —. */
export function formatPublicFigure(unit: 'count' | 'ratio' | 'hours', value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—'
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`
  if (unit === 'hours') return value < 1 ? `${Math.round(value * 60)} 分钟` : `${value.toFixed(1)} 小时`
  return String(Math.round(value))
}
