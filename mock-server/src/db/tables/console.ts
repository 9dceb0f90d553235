/** The operator console (#11): staff accounts and cookie sessions, the live-event log, merges. */
import type { Generated } from 'kysely'

export interface StaffAccountsTable {
  user_id: number
  /** What staff type to sign in: `dispatcher`, `worker-12`. */
  login_name: string
  /** `scrypt$N$r$p$<salt base64>$<hash base64>` (see services/staff-auth.ts). */
  password_hash: string
  created_at: string
  updated_at: string
}

export interface StaffSessionsTable {
  /** SHA-256 of the cookie's token, like the bearer sessions. */
  token_hash: string
  user_id: number
  created_at: string
  expires_at: string
}

export interface LiveEventsTable {
  /** Autoincrement: the SSE id, in commit order on SQLite. */
  id: Generated<number>
  /** 'ticket' | 'worker.position' | 'worker.duty' (contract/console LIVE_EVENT_KINDS); other streams may add kinds. */
  kind: string
  ticket_id: number | null
  /** JSON array of user ids the event concerns (reporter, followers, assignee), for per-user streams. */
  user_ids: string | null
  /** JSON, coordinates in WGS-84. */
  payload: string
  created_at: string
}

export interface TicketMergesTable {
  /** The duplicate (rejected with reason duplicate). */
  ticket_id: number
  /** The ticket that was kept. */
  into_id: number
  actor_id: number | null
  created_at: string
}

export interface ConsoleTables {
  staff_accounts: StaffAccountsTable
  staff_sessions: StaffSessionsTable
  live_events: LiveEventsTable
  ticket_merges: TicketMergesTable
}
