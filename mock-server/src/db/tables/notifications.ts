import type { Generated } from 'kysely'
import type { TicketEventType } from '@contract/lifecycle'
import type { NotificationReason, NotificationState, SubscribeTemplateKind } from '@contract/subscribe'

/** One credit = one message of that template WeChat lets us send to that user. */
export interface SubscriptionCreditsTable {
  user_id: number
  template_id: string
  credits: number
  updated_at: string
}

/** The outbox of subscribe messages (see services/notifications/sender.ts for the states). */
export interface NotificationsTable {
  id: Generated<number>
  user_id: number
  ticket_id: number
  event_id: number
  event_type: TicketEventType
  kind: SubscribeTemplateKind
  template_id: string | null
  page: string
  /** JSON text of WeChat's `data` object. */
  data: string
  state: NotificationState
  reason: NotificationReason | null
  /** 0/1: the credit was taken for this row (never twice). */
  credit_spent: number
  attempts: number
  next_attempt_at: string
  /** While 'sending': until when this claim holds. */
  lease_until: string | null
  last_error: string | null
  errcode: number | null
  created_at: string
  updated_at: string
  sent_at: string | null
}

export interface NotificationTables {
  subscription_credits: SubscriptionCreditsTable
  notifications: NotificationsTable
}
