/** The queue's filters: street, grid, category, status, overdue, created-date range and text. */
import { OPEN_STATUSES, STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '@contract/lifecycle'
import type { OpsTicketSort } from '@contract/console'
import type { Category } from '@contract/schemas'
import { memo, useEffect, useState } from 'react'

export interface QueueFilter {
  street: string
  gridId: string
  gridName: string
  categoryId: string
  /** '' = every status, 'open' = every open status, or one status. */
  status: '' | 'open' | TicketStatus
  overdue: boolean
  from: string
  to: string
  q: string
  sort: OpsTicketSort
}

export const EMPTY_FILTER: QueueFilter = { street: '', gridId: '', gridName: '', categoryId: '', status: 'open', overdue: false, from: '', to: '', q: '', sort: 'time_left' }

const SORT_LABELS: Record<OpsTicketSort, string> = { time_left: '剩余时限（最紧先）', created_desc: '上报时间（最新先）', created_asc: '上报时间（最早先）', updated_desc: '最近更新' }

type Props = {
  filter: QueueFilter
  onChange: (next: QueueFilter) => void
  streets: readonly string[]
  grids: readonly { code: string; name: string; street: string }[]
  categories: readonly Category[]
}

/** Memoised: the page re-renders on every live position; the filters need not. */
export const QueueFilters = memo(function QueueFilters({ filter, onChange, streets, grids, categories }: Props) {
  const set = (patch: Partial<QueueFilter>) => onChange({ ...filter, ...patch })
  // Text is sent when typing pauses, not per key.
  const [text, setText] = useState(filter.q)
  useEffect(() => setText(filter.q), [filter.q])
  useEffect(() => {
    if (text === filter.q) return
    const timer = setTimeout(() => onChange({ ...filter, q: text }), 350)
    return () => clearTimeout(timer)
  }, [text, filter, onChange])
  const gridChoices = grids.filter((g) => !filter.street || g.street === filter.street)

  return (
    <form className="filters" role="search" aria-label="筛选工单" onSubmit={(e) => e.preventDefault()}>
      <label>
        街道
        <select value={filter.street} onChange={(e) => set({ street: e.target.value, gridId: '', gridName: '' })}>
          <option value="">全部街道</option>
          {streets.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <label>
        网格
        <select
          value={filter.gridId}
          onChange={(e) => set({ gridId: e.target.value, gridName: gridChoices.find((g) => g.code === e.target.value)?.name ?? '' })}
        >
          <option value="">全部网格</option>
          {filter.gridId && !gridChoices.some((g) => g.code === filter.gridId) ? <option value={filter.gridId}>{filter.gridName}</option> : null}
          {gridChoices.map((g) => (
            <option key={g.code} value={g.code}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        类别
        <select value={filter.categoryId} onChange={(e) => set({ categoryId: e.target.value })}>
          <option value="">全部类别</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        状态
        <select value={filter.status} onChange={(e) => set({ status: e.target.value as QueueFilter['status'] })}>
          <option value="open" title={OPEN_STATUSES.map((s) => STATUS_LABELS[s]).join('、')}>
            未办结
          </option>
          <option value="">全部状态</option>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.overdue} onChange={(e) => set({ overdue: e.target.checked })} />
        只看超时
      </label>
      <label>
        上报日期从
        <input type="date" value={filter.from} max={filter.to || undefined} onChange={(e) => set({ from: e.target.value })} />
      </label>
      <label>
        至
        <input type="date" value={filter.to} min={filter.from || undefined} onChange={(e) => set({ to: e.target.value })} />
      </label>
      <label>
        搜索
        <input type="search" placeholder="编号、描述或地址" value={text} maxLength={100} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        排序
        <select value={filter.sort} onChange={(e) => set({ sort: e.target.value as OpsTicketSort })}>
          {(Object.keys(SORT_LABELS) as OpsTicketSort[]).map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={() => onChange(EMPTY_FILTER)}>
        清除筛选
      </button>
    </form>
  )
})

/** The filter as the queue and export endpoints take it. */
export function filterQuery(filter: QueueFilter) {
  return {
    street: filter.street || undefined,
    gridId: filter.gridId || undefined,
    categoryId: filter.categoryId || undefined,
    status: filter.status && filter.status !== 'open' ? [filter.status] : undefined,
    open: filter.status === 'open' ? true : undefined,
    overdue: filter.overdue ? true : undefined,
    from: filter.from || undefined,
    to: filter.to || undefined,
    q: filter.q || undefined,
    sort: filter.sort,
  }
}
