/** The console's CSV exports: the filtered queue and the KPI table, in Chinese, times in China time. */
import { KPI_DEFINITIONS, formatKpi } from '@contract/kpi'
import { STATUS_LABELS } from '@contract/lifecycle'
import type { KpiAnswer, KpiValues, OpsTicketRow } from '@contract/console'
import { chinaDateTime } from '@contract/china-time'
import { toCsv, type CsvValue } from '../../lib/csv'

export function ticketsCsv(rows: readonly OpsTicketRow[]): string {
  const header = ['工单编号', '问题类别', '街道', '社区', '网格', '状态', '是否超时', '是否督办', '上报时间', '处置时限', '处置人', '复核次数', '关注人数', '来源', '问题描述']
  return toCsv([
    header,
    ...rows.map((row): CsvValue[] => [
      row.number,
      row.categoryName,
      row.street,
      row.community,
      row.gridName,
      STATUS_LABELS[row.status],
      row.overdue ? '超时' : '',
      row.escalated ? '已督办' : '',
      chinaDateTime(row.createdAt),
      chinaDateTime(row.dueAt),
      row.assignee?.name ?? '',
      row.reopenCount,
      row.followerCount,
      row.source,
      row.description,
    ]),
  ])
}

const KPI_COLUMNS: (keyof KpiValues)[] = ['onTimeRate', 'resolveRate', 'medianResolveHours', 'p90ResolveHours', 'satisfactionRate', 'reworkRate', 'escalations']

function kpiCells(values: KpiValues): CsvValue[] {
  return [
    values.created,
    ...KPI_COLUMNS.map((id) => {
      const value = values[id] as number | null
      if (value === null) return ''
      const unit = KPI_DEFINITIONS[id as keyof typeof KPI_DEFINITIONS].unit
      return unit === 'ratio' ? formatKpi(id as keyof typeof KPI_DEFINITIONS, value) : value
    }),
    values.onTimeResolved,
    values.dueInPeriod,
    values.rated,
    values.satisfied,
    values.reopened,
    values.resolutions,
  ]
}

export function kpiCsv(answer: KpiAnswer): string {
  const header = [
    '维度',
    '名称',
    '新建工单',
    ...KPI_COLUMNS.map((id) => {
      const definition = KPI_DEFINITIONS[id as keyof typeof KPI_DEFINITIONS]
      return definition.unit === 'hours' ? `${definition.name}（小时）` : definition.name
    }),
    '按时处置数',
    '到期工单数',
    '评价数',
    '满意数',
    '复核次数',
    '处置次数',
  ]
  const scope = [answer.street, answer.categoryId].filter(Boolean).join(' · ')
  return toCsv([
    [`统计周期 ${answer.from} 至 ${answer.to}${scope ? `（${scope}）` : ''}`],
    header,
    ['合计', '全区', ...kpiCells(answer.totals)],
    ...answer.byStreet.map((row) => ['街道', row.street, ...kpiCells(row)]),
    ...answer.byCategory.map((row) => ['类别', row.categoryName, ...kpiCells(row)]),
  ])
}
