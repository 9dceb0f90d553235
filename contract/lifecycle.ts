/**
 * The ticket lifecycle: the one place that knows the states, which transitions exist,
 * who may make them and how states group for residents. The backend enforces it,
 * the app asks it (labels, filters, which buttons to show). No Taro, no I/O here.
 */

export const TICKET_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'reopened',
] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

export const USER_ROLES = ['resident', 'worker', 'dispatcher'] as const
export type UserRole = (typeof USER_ROLES)[number]
/** Who acts on a ticket: a signed-in user, or the platform itself (timers, auto-dispatch). */
export type ActorRole = UserRole | 'system'

export const REJECT_REASONS = ['duplicate', 'not_responsible'] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

interface TransitionRule {
  from: readonly TicketStatus[]
  to: TicketStatus
  by: readonly ActorRole[]
}

/** Every allowed move. Anything not listed here is refused by the backend. */
export const TRANSITIONS = {
  accept: { from: ['submitted'], to: 'accepted', by: ['dispatcher', 'system'] },
  dispatch: { from: ['accepted', 'reopened', 'dispatched'], to: 'dispatched', by: ['dispatcher', 'system'] },
  start: { from: ['dispatched'], to: 'in_progress', by: ['worker'] },
  resolve: { from: ['in_progress'], to: 'resolved', by: ['worker'] },
  reject: { from: ['submitted', 'accepted', 'reopened'], to: 'rejected', by: ['dispatcher'] },
  reopen: { from: ['resolved'], to: 'reopened', by: ['resident'] },
  close: { from: ['resolved'], to: 'closed', by: ['resident', 'system'] },
} as const satisfies Record<string, TransitionRule>
export type TicketAction = keyof typeof TRANSITIONS
export const TICKET_ACTIONS = Object.keys(TRANSITIONS) as TicketAction[]

/** Timeline events: one per transition, plus events that do not change the status. */
export const TICKET_EVENT_TYPES = [
  'created',
  'accepted',
  'dispatched',
  'started',
  'resolved',
  'closed',
  'rejected',
  'reopened',
  'escalated',
  'rated',
  // console (#11): the kept ticket records a merged duplicate; a dispatcher's public reply
  'merged',
  'replied',
] as const
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number]

export const EVENT_OF_ACTION: Record<TicketAction, TicketEventType> = {
  accept: 'accepted',
  dispatch: 'dispatched',
  start: 'started',
  resolve: 'resolved',
  reject: 'rejected',
  reopen: 'reopened',
  close: 'closed',
}

/** A resident may appeal (reopen) within this many days of resolution; after it the ticket closes itself. */
export const REOPEN_WINDOW_DAYS = 7

export type TransitionCheck =
  | { ok: true; to: TicketStatus }
  | { ok: false; reason: 'invalid_state' | 'forbidden_role' }

/** Whether `role` may apply `action` to a ticket in `status`, and where it leads. */
export function checkTransition(status: TicketStatus, action: TicketAction, role: ActorRole): TransitionCheck {
  const rule: TransitionRule = TRANSITIONS[action]
  if (!rule.by.includes(role)) return { ok: false, reason: 'forbidden_role' }
  if (!rule.from.includes(status)) return { ok: false, reason: 'invalid_state' }
  return { ok: true, to: rule.to }
}

/** The actions `role` could take on a ticket in `status` (the app uses it to pick buttons). */
export function availableActions(status: TicketStatus, role: ActorRole): TicketAction[] {
  return TICKET_ACTIONS.filter((action) => checkTransition(status, action, role).ok)
}

/** Open = still needs work from the city; counts for duplicates, SLA and the queue. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'reopened']
export const FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'rejected']

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

export function isFinal(status: TicketStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** The filters of 我的工单: how a resident groups tickets. */
export const RESIDENT_FILTERS = ['all', 'processing', 'to_rate', 'done'] as const
export type ResidentFilter = (typeof RESIDENT_FILTERS)[number]

export const RESIDENT_FILTER_STATUSES: Record<ResidentFilter, readonly TicketStatus[]> = {
  all: TICKET_STATUSES,
  processing: OPEN_STATUSES,
  to_rate: ['resolved'],
  done: FINAL_STATUSES,
}

export const STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  dispatched: '已派遣',
  in_progress: '处理中',
  resolved: '已处置',
  closed: '已办结',
  rejected: '不予受理',
  reopened: '复核中',
}

export const RESIDENT_FILTER_LABELS: Record<ResidentFilter, string> = {
  all: '全部',
  processing: '处理中',
  to_rate: '待评价',
  done: '已办结',
}

export const EVENT_LABELS: Record<TicketEventType, string> = {
  created: '提交上报',
  accepted: '受理',
  dispatched: '派遣',
  started: '开始处置',
  resolved: '处置完成',
  closed: '办结',
  rejected: '不予受理',
  reopened: '申请复核',
  escalated: '超时督办',
  rated: '评价',
  merged: '合并重复工单',
  replied: '回复市民',
}

export const ROLE_LABELS: Record<ActorRole, string> = {
  resident: '市民',
  worker: '作业人员',
  dispatcher: '调度员',
  system: '系统',
}

/** The one rating scale (tickets and facilities): five satisfaction levels, 5 = best. */
export const RATING_SCORES = [5, 4, 3, 2, 1] as const
export type RatingScore = (typeof RATING_SCORES)[number]
export const RATING_MAX = 5
export const RATING_LABELS: Record<RatingScore, string> = {
  5: '非常满意',
  4: '满意',
  3: '一般',
  2: '不满意',
  1: '非常不满意',
}
