/**
 * The 我的工单 filters and how a status looks in the list. Which statuses belong to which filter
 * is the lifecycle's knowledge (RESIDENT_FILTER_STATUSES); this file only maps it to the screen.
 */
import {
  RESIDENT_FILTERS,
  RESIDENT_FILTER_LABELS,
  RESIDENT_FILTER_STATUSES,
  STATUS_LABELS,
  type ResidentFilter,
  type TicketStatus,
} from '@contract/lifecycle'

export interface FilterTab {
  key: ResidentFilter
  label: string
}

export const FILTER_TABS: FilterTab[] = RESIDENT_FILTERS.map((key) => ({ key, label: RESIDENT_FILTER_LABELS[key] }))

/** Colour family of a status chip: in the works, waiting for the resident, finished, refused. */
export type StatusTone = 'processing' | 'to_rate' | 'done' | 'rejected'

export function statusTone(status: TicketStatus): StatusTone {
  if (status === 'rejected') return 'rejected'
  if (RESIDENT_FILTER_STATUSES.to_rate.includes(status)) return 'to_rate'
  if (RESIDENT_FILTER_STATUSES.processing.includes(status)) return 'processing'
  return 'done'
}

export function statusLabel(status: TicketStatus): string {
  return STATUS_LABELS[status]
}

/** What the empty list says under each filter. */
export const EMPTY_TEXT: Record<ResidentFilter, string> = {
  all: '还没有上报记录',
  processing: '没有处理中的工单',
  to_rate: '没有待评价的工单',
  done: '没有已办结的工单',
}

/** Badges a ticket earns besides its status, in the order they are shown. */
export function ticketBadges(ticket: {
  relation: 'reporter' | 'follower' | 'staff'
  overdue: boolean
  escalated: boolean
  status: TicketStatus
  rated?: boolean
}): string[] {
  const badges: string[] = []
  if (ticket.relation === 'follower') badges.push('我也遇到')
  if (ticket.overdue) badges.push('超时')
  if (ticket.escalated) badges.push('督办')
  if (ticket.status === 'resolved' && ticket.relation === 'reporter' && ticket.rated === false) badges.push('待评价')
  return badges
}
