import type { Generated } from 'kysely'
import type { UserRole } from '@contract/lifecycle'

export interface UsersTable {
  id: Generated<number>
  /** WeChat openid, or `dev:<name>` from the development code2Session fake. */
  openid: string
  role: UserRole
  display_name: string
  /** Workers: the grid they serve, whether they take jobs, and where they are now (WGS-84). */
  grid_id: string | null
  on_duty: number
  lat: number | null
  lng: number | null
  created_at: string
}

export interface SessionsTable {
  /** SHA-256 of the bearer token: a leaked database does not leak usable tokens. */
  token_hash: string
  user_id: number
  created_at: string
  expires_at: string
}
