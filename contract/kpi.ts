/**
 * The dashboard's KPIs (数据看板): ids, Chinese names and the one-line definitions shown next to
 * each number. Pure values, no TypeBox: the console and the resident transparency page import them.
 * The backend computes them in one service (mock-server/src/services/kpi.ts).
 *
 * Periods are whole days in China time (Asia/Shanghai, UTC+8): `from` and `to` are YYYY-MM-DD,
 * both included. Rejected tickets (不予受理) are not the city's work and count in no rate.
 */

export const KPI_IDS = [
  'onTimeRate',
  'resolveRate',
  'medianResolveHours',
  'p90ResolveHours',
  'satisfactionRate',
  'reworkRate',
  'escalations',
] as const
export type KpiId = (typeof KPI_IDS)[number]

export interface KpiDefinition {
  id: KpiId
  name: string
  /** One line, shown beside the number. */
  definition: string
  unit: 'ratio' | 'hours' | 'count'
  /** Whether a higher value is better (ranking, colouring). */
  higherIsBetter: boolean
}

export const KPI_DEFINITIONS: Record<KpiId, KpiDefinition> = {
  onTimeRate: {
    id: 'onTimeRate',
    name: '按时办结率',
    definition: '处置时限落在本期内（且已到期）的工单中，在时限前处置完成的比例；到期仍未处置的工单计入分母',
    unit: 'ratio',
    higherIsBetter: true,
  },
  resolveRate: {
    id: 'resolveRate',
    name: '办结率',
    definition: '本期新建的工单中，目前已处置或已办结的比例',
    unit: 'ratio',
    higherIsBetter: true,
  },
  medianResolveHours: {
    id: 'medianResolveHours',
    name: '处置时长中位数',
    definition: '本期处置完成的工单，从上报到处置完成所用时间的中位数（小时）',
    unit: 'hours',
    higherIsBetter: false,
  },
  p90ResolveHours: {
    id: 'p90ResolveHours',
    name: '处置时长 P90',
    definition: '本期处置完成的工单，90% 在此时长内处置完成（小时）',
    unit: 'hours',
    higherIsBetter: false,
  },
  satisfactionRate: {
    id: 'satisfactionRate',
    name: '满意率',
    definition: '本期评价中“满意”或“非常满意”（4–5 星）的比例：满意数 ÷ 评价数',
    unit: 'ratio',
    higherIsBetter: true,
  },
  reworkRate: {
    id: 'reworkRate',
    name: '返工率',
    definition: '本期市民申请复核的次数 ÷ 本期处置完成的次数',
    unit: 'ratio',
    higherIsBetter: false,
  },
  escalations: {
    id: 'escalations',
    name: '督办数',
    definition: '本期因超过处置时限而督办的次数',
    unit: 'count',
    higherIsBetter: false,
  },
}

/** A rating counts as satisfied at this score or above (4 = 满意, 5 = 非常满意). */
export const SATISFIED_MIN_SCORE = 4

/** Days in the dashboard's trend chart (ending on the period's last day). */
export const KPI_TREND_DAYS = 30

/** Longest period one KPI request may cover. */
export const KPI_MAX_PERIOD_DAYS = 366

/** Formats a KPI value for display: 87.5% / 12.3 小时 / 4; null (no data) as —. */
export function formatKpi(id: KpiId, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—'
  const unit = KPI_DEFINITIONS[id].unit
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`
  if (unit === 'hours') return `${value.toFixed(1)} 小时`
  return String(Math.round(value))
}
