/**
 * The deadline of a ticket as a resident reads it: time left while the city is working on it,
 * how late it is once past due (超时), and afterwards whether it was handled on time.
 * Pure: `now` comes in, so the countdown component and its tests share the same clock.
 */
import { isOpen, type TicketStatus } from '@contract/lifecycle'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Under an hour left the countdown turns amber and ticks in seconds. */
export const URGENT_WITHIN_MS = HOUR

/** "2天3小时", "5小时12分", "12分05秒", "45秒": coarse when far away, exact when close. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND)) * SECOND
  const days = Math.floor(total / DAY)
  const hours = Math.floor((total % DAY) / HOUR)
  const minutes = Math.floor((total % HOUR) / MINUTE)
  const seconds = Math.floor((total % MINUTE) / SECOND)
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`
  if (hours > 0) return `${hours}小时${minutes}分`
  if (minutes > 0) return `${minutes}分${String(seconds).padStart(2, '0')}秒`
  return `${seconds}秒`
}

export type DeadlineTone = 'normal' | 'urgent' | 'overdue' | 'met' | 'late' | 'none'

export interface Deadline {
  tone: DeadlineTone
  /** The main line: "剩余 5小时12分", "已超时 2小时3分", "按期处置". */
  text: string
  /** Whether the countdown still moves (the component ticks only then). */
  ticking: boolean
}

export interface DeadlineInput {
  status: TicketStatus
  dueAt: string
  /** The server's verdict; the clock may pass the due time before the next refresh says so. */
  overdue: boolean
  resolvedAt: string | null
}

export function describeDeadline(ticket: DeadlineInput, now: number): Deadline {
  const due = Date.parse(ticket.dueAt)
  if (ticket.status === 'rejected') return { tone: 'none', text: '不予受理，无处置时限', ticking: false }
  if (isOpen(ticket.status)) {
    const left = due - now
    if (left <= 0 || ticket.overdue) return { tone: 'overdue', text: `已超时 ${formatDuration(-left)}`, ticking: true }
    return { tone: left <= URGENT_WITHIN_MS ? 'urgent' : 'normal', text: `剩余 ${formatDuration(left)}`, ticking: true }
  }
  // resolved or closed: judged by when the worker finished.
  const finished = ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : now
  if (finished <= due) return { tone: 'met', text: '按期处置', ticking: false }
  return { tone: 'late', text: `超期处置（超时 ${formatDuration(finished - due)}）`, ticking: false }
}
