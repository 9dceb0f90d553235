/**
 * The queue: one row per ticket with its place, age, a live countdown to the deadline (overdue rows
 * in red, with the word 超时 as well as the colour), status, assignee, reopen and follower counts.
 * Paged on the server; the page sorts by time left unless asked otherwise.
 */
import { isOpen, STATUS_LABELS } from '@contract/lifecycle'
import type { OpsTicketRow } from '@contract/console'
import { memo } from 'react'
import { useNow } from '../lib/live'
import { chinaDateTime, formatDuration, timeLeft } from '../lib/time'
import { STATUS_COLORS } from '../lib/status'

export function StatusBadge({ status }: { status: OpsTicketRow['status'] }) {
  return (
    <span className="status" style={{ background: STATUS_COLORS[status] }}>
      {STATUS_LABELS[status]}
    </span>
  )
}

type Props = {
  rows: readonly OpsTicketRow[]
  selectedId: number | null
  freshIds: ReadonlySet<number>
  onOpen: (id: number) => void
  loading: boolean
}

export const QueueTable = memo(function QueueTable({ rows, selectedId, freshIds, onOpen, loading }: Props) {
  const now = useNow(1000)
  return (
    <div className="table-wrap">
      <table className="queue" aria-label="工单队列" aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">类别</th>
            <th scope="col">街道 / 社区 / 网格</th>
            <th scope="col">已用时</th>
            <th scope="col">剩余时限</th>
            <th scope="col">状态</th>
            <th scope="col">处置人</th>
            <th scope="col">复核</th>
            <th scope="col">关注</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={9}>{loading ? '正在加载…' : '没有符合条件的工单'}</td>
            </tr>
          ) : (
            rows.map((row) => {
              const open = isOpen(row.status)
              const left = timeLeft(row.dueAt, now)
              const overdue = open && left.overdue
              const classes = [overdue ? 'is-overdue' : '', row.id === selectedId ? 'is-selected' : '', freshIds.has(row.id) ? 'is-new' : ''].filter(Boolean).join(' ')
              return (
                <tr key={row.id} className={classes || undefined} data-ticket-id={row.id} onClick={() => onOpen(row.id)}>
                  <td className="number">
                    <button type="button" className="row-link" onClick={(e) => (e.stopPropagation(), onOpen(row.id))} aria-label={`打开工单 ${row.number}`}>
                      {row.number}
                    </button>
                  </td>
                  <td>{row.categoryName}</td>
                  <td>
                    {row.street} / {row.community} / {row.gridName}
                  </td>
                  <td title={`上报于 ${chinaDateTime(row.createdAt)}`}>{formatDuration(now - Date.parse(row.createdAt))}</td>
                  <td className="left" title={`时限 ${chinaDateTime(row.dueAt)}`}>
                    {open ? left.text : '—'}
                  </td>
                  <td>
                    <StatusBadge status={row.status} />
                    {row.escalated ? ' 督办' : ''}
                  </td>
                  <td>{row.assignee?.name ?? '—'}</td>
                  <td>{row.reopenCount}</td>
                  <td>{row.followerCount}</td>
                </tr>
              )
            })
          )}
        </tbody>
      </table>
    </div>
  )
})
