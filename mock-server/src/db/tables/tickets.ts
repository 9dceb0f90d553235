import type { Generated } from 'kysely'
import type { ActorRole, TicketEventType, TicketStatus } from '@contract/lifecycle'

export type TicketModeration = 'ok' | 'held' | 'hidden'

export interface TicketsTable {
  id: Generated<number>
  /** Public number, e.g. BY20261125-0007. */
  number: string
  reporter_id: number
  category_id: string
  status: TicketStatus
  description: string
  /** WGS-84, exact. */
  lat: number
  lng: number
  street: string
  community: string
  grid_id: string
  /** What the resident typed, if anything; the resolved address lives in street/community/grid. */
  address_note: string | null
  source: 'app' | 'open311' | 'facility'
  facility_id: string | null
  assignee_id: number | null
  idempotency_key: string | null
  /** Open311 contact fields (JSON); private to the reporter and staff. */
  contact: string | null
  due_at: string
  created_at: string
  updated_at: string
  resolved_at: string | null
  closed_at: string | null
  escalated_at: string | null
  reopen_count: number
  follower_count: number
  rating_score: number | null
  rating_tags: string | null
  rating_comment: string | null
  rated_at: string | null
  reject_reason: string | null
  /** The resident chose, when reporting, to show the description publicly (0/1). */
  share_public: Generated<number>
  /** Public view: 'ok', 'held' (abuse filter; until staff release it) or 'hidden' (staff, with a reason). */
  moderation: Generated<TicketModeration>
  moderation_reason: string | null
  moderated_at: string | null
  moderated_by: number | null
}

export interface TicketEventsTable {
  id: Generated<number>
  ticket_id: number
  type: TicketEventType
  actor_role: ActorRole
  actor_id: number | null
  actor_name: string
  note: string | null
  from_status: TicketStatus | null
  to_status: TicketStatus
  created_at: string
}

export interface TicketFollowersTable {
  ticket_id: number
  user_id: number
  created_at: string
}

export interface TicketCountersTable {
  /** YYYYMMDD in China time: ticket numbers restart each day. */
  day: string
  last: number
}

export interface MessagesTable {
  id: Generated<number>
  user_id: number
  ticket_id: number
  event_id: number | null
  title: string
  body: string
  created_at: string
  read_at: string | null
}

export interface WorkerPositionsTable {
  id: Generated<number>
  worker_id: number
  ticket_id: number | null
  lat: number
  lng: number
  recorded_at: string
}

export interface UploadsTable {
  /** Random id, also the file name stem under media/. */
  id: string
  owner_id: number
  /** Set once a ticket (or one of its events, for after-photos) uses the photo. */
  ticket_id: number | null
  event_id: number | null
  mime: string
  width: number
  height: number
  bytes: number
  thumb_bytes: number
  created_at: string
  /** Photo privacy (#20, migration 008): 'ready' once the protected copy (faces/plates blurred) exists. */
  privacy_status: Generated<PrivacyStatus>
  privacy_attempts: Generated<number>
  /** When a failed detection is tried again (ISO time); null = as soon as possible. */
  privacy_retry_at: string | null
  privacy_error: string | null
  /** Version of the protected copy, part of its URL (bumped by each staff box). */
  privacy_version: Generated<number>
  /** JSON: detected regions [{kind, x1, y1, x2, y2, score}] in the stored photo's pixels. */
  privacy_regions: string | null
  /** JSON: boxes staff marked, same form with kind 'manual'. */
  privacy_manual: Generated<string>
}

export type PrivacyStatus = 'pending' | 'ready'
