/** What the colours on the map mean, in words (colour is never the only cue: overdue also shows "!"). */
import { STATUS_LABELS, type TicketStatus } from '@contract/lifecycle'
import { STATUS_COLORS } from '../lib/status'
import { GRID_LEGEND } from './ConsoleMap'

const SHOWN: TicketStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'reopened']

export function MapLegend() {
  return (
    <aside className="legend" aria-label="图例">
      <strong>工单状态</strong>
      <ul>
        {SHOWN.map((status) => (
          <li key={status}>
            <span className="swatch swatch--round" style={{ background: STATUS_COLORS[status] }} aria-hidden="true" />
            {STATUS_LABELS[status]}
          </li>
        ))}
        <li>
          <span className="swatch swatch--round" style={{ background: '#fff', outline: '3px solid #b3261e' }} aria-hidden="true" />
          超时（标“!”）
        </li>
      </ul>
      <strong>作业人员</strong>
      <ul>
        <li>
          <span className="swatch" style={{ background: '#00695c', transform: 'rotate(45deg) scale(0.8)', borderColor: '#fff' }} aria-hidden="true" />
          在岗位置
        </li>
        <li>
          <span className="swatch" style={{ height: 3, border: 0, background: '#00695c' }} aria-hidden="true" />
          近10分钟轨迹
        </li>
      </ul>
      <strong>网格未办结工单</strong>
      <ul>
        {GRID_LEGEND.map((step) => (
          <li key={step.label}>
            <span className="swatch" style={{ background: step.fill }} aria-hidden="true" />
            {step.label}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: '#fff', borderColor: '#b3261e', borderWidth: 2 }} aria-hidden="true" />
          红边：有超时
        </li>
      </ul>
    </aside>
  )
}
